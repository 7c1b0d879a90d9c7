using Hub.Activities.Documents.Activities;
using Hub.Activities.Identity.Activities;
using Hub.Activities.Organisations.Directory;
using Hub.Activities.Seals.Activities;
using Hub.Workflows.Activities;

namespace Hub.Activities;

/// <summary>The activities the Hub offers: the engine's core set, the document and identity activities, and the
/// domain's rules for approval candidates checked at publish.</summary>
public static class HubActivityRegistry
{
    /// <summary>A new registry with everything registered.</summary>
    public static ActivityRegistry Create() => ActivityRegistry.CreateCore()
        .AddDocumentActivities()
        .AddIdentityActivities()
        .AddSealActivities()
        .UseCandidateRules(new CandidateRules());
}
