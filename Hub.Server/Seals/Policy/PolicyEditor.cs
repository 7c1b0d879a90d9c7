using Hub.Activities.Organisations;
using Hub.Activities.Seals.Policy;

namespace Hub.Server.Seals.Policy;

/// <summary>Who edits policy: their user id (null for a system) and every role they hold with its scope.</summary>
internal sealed record PolicyEditor(Guid? ActorId, IReadOnlyList<(Role Role, string ScopePath)> Roles)
{
    /// <summary>Whether they may add, change or remove rules owned at <paramref name="ownerPath"/>.</summary>
    public bool MayEdit(string ownerPath) => PolicyEditRights.MayEdit(Roles, ownerPath);

    /// <summary>Whether they may see the organisation at <paramref name="path"/>.</summary>
    public bool MayRead(string path) => Roles.Any(r => path.StartsWith(r.ScopePath, StringComparison.Ordinal));

    /// <summary>The roots of what they may see.</summary>
    public IReadOnlyList<string> ReadableRoots => [.. Roles.Select(r => r.ScopePath).Distinct()];
}
