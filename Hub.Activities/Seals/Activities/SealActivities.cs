using Hub.Workflows.Activities;

namespace Hub.Activities.Seals.Activities;

/// <summary>Registers the seal activities (AuthoriseSealUse, ApplySeal, RecordPhysicalSealUse, SignAsPerson).</summary>
public static class SealActivities
{
    /// <summary>Adds the seal activities to <paramref name="registry"/> and returns it.</summary>
    public static ActivityRegistry AddSealActivities(this ActivityRegistry registry) => registry
        .Register<AuthoriseSealUseActivity>()
        .Register<ApplySealActivity>()
        .Register<RecordPhysicalSealUseActivity>()
        .Register<SignAsPersonActivity>();
}
