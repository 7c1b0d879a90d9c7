using Hub.Workflows.Activities;

namespace Hub.Activities.Identity.Activities;

/// <summary>Registers the identity activities (VerifyPerson, VerifyEnterprise, RequireFreshAuthentication).</summary>
public static class IdentityActivities
{
    /// <summary>Adds the three identity activities to <paramref name="registry"/> and returns it; the host must handle
    /// their outbox kinds <c>identity.*</c> and send the signals they wait for.</summary>
    public static ActivityRegistry AddIdentityActivities(this ActivityRegistry registry) => registry
        .Register<VerifyPersonActivity>()
        .Register<VerifyEnterpriseActivity>()
        .Register<RequireFreshAuthenticationActivity>();
}
