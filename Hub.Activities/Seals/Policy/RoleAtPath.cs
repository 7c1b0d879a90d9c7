namespace Hub.Activities.Seals.Policy;

/// <summary>A role held over a subtree as requests and approvals carry it: <c>Legal@/g/</c>.</summary>
/// <param name="Role">The role's name, e.g. Legal.</param>
/// <param name="Path">The subtree's path, e.g. /g/.</param>
public readonly record struct RoleAtPath(string Role, string Path)
{
    /// <summary>Reads <c>Role@/path/</c>; null when the text is not of that shape.</summary>
    public static RoleAtPath? Parse(string? text)
    {
        var at = text?.IndexOf('@') ?? -1;
        if (at <= 0 || text!.Length < at + 3 || text[at + 1] != '/' || text[^1] != '/')
        {
            return null;
        }

        return new RoleAtPath(text[..at], text[(at + 1)..]);
    }

    /// <summary>Whether this is <paramref name="role"/> held at <paramref name="organisationPath"/> or above it.</summary>
    public bool Covers(string role, string organisationPath) =>
        string.Equals(Role, role, StringComparison.OrdinalIgnoreCase)
        && organisationPath.StartsWith(Path, StringComparison.Ordinal);
}
