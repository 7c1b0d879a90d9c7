using Hub.Activities.Organisations;
using Hub.Server.Authorisation;
using Hub.Server.Documents;

namespace Hub.Server.Api.Templates;

/// <summary>Who may see and who may change a template: the one place these rules live for the templates API.</summary>
internal static class TemplateAccess
{
    /// <summary>A caller sees the platform's templates, those owned in its subtrees, and those owned by an ancestor of
    /// one of its organisations (which its flows may use).</summary>
    public static bool CanSee(Caller caller, StoredTemplate template) =>
        template.OwnerPath is null || caller.CanRead(template.OwnerPath)
                                  || caller.ReadableRoots.Any(root => root.StartsWith(template.OwnerPath, StringComparison.Ordinal));

    /// <summary>Platform templates change only by an HqAdmin; an organisation's by an HqAdmin or OrgAdmin over it.</summary>
    public static bool CanUpload(Caller caller, string? ownerPath) =>
        ownerPath is null ? caller.Roles.Any(r => r.Role == Role.HqAdmin) : caller.CanAdminister(ownerPath);
}
