using Hub.Activities.Organisations;

namespace Hub.Activities.Seals.Policy;

/// <summary>
/// Who may add, change, disable or remove a rule: an HqAdmin or OrgAdmin whose scope covers the organisation that owns
/// it. A subsidiary's administrator therefore never touches an ancestor's rule, and can only add rules of its own,
/// which (rules being restrict-only) can only make the policy stricter below it.
/// </summary>
public static class PolicyEditRights
{
    /// <summary>Whether someone holding <paramref name="roles"/> may edit rules owned at <paramref name="ownerPath"/>.</summary>
    public static bool MayEdit(IEnumerable<(Role Role, string ScopePath)> roles, string ownerPath)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(ownerPath);
        return roles.Any(r => r.Role is Role.HqAdmin or Role.OrgAdmin
                              && ownerPath.StartsWith(r.ScopePath, StringComparison.Ordinal));
    }
}
