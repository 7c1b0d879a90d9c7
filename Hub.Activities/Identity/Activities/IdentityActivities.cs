using Hub.Workflows.Activities;

namespace Hub.Activities.Identity.Activities;

/// <summary>Registers the identity activities (VerifyPerson, VerifyEnterprise, RequireFreshAuthentication).</summary>
public static class IdentityActivities
{
    /// <summary>Adds the three identity activities to <paramref name="registry"/> and returns it; their outbox kinds are
    /// performed by the effect handler <see cref="IdentityRegistration.AddIdentityUseCases"/> registers, which also
    /// sends the signals they wait for through the host's <see cref="IIdentityWaits"/>.</summary>
    public static ActivityRegistry AddIdentityActivities(this ActivityRegistry registry) => registry
        .Register<VerifyPersonActivity>()
        .Register<VerifyEnterpriseActivity>()
        .Register<RequireFreshAuthenticationActivity>();
}
