namespace Hub.Activities.Archive;

/// <summary>Organisation paths as <see cref="Organisations.Organisation.Path"/> writes them (<c>/a/b/</c>): a caller
/// reaches its own node and everything below it, nothing above or beside.</summary>
internal static class OrganisationScope
{
    public static string Check(string path, string name)
    {
        if (string.IsNullOrEmpty(path) || path.Length < 2 || path[0] != '/' || path[^1] != '/' || path.Contains("//", StringComparison.Ordinal)
            || path.Any(char.IsControl))
        {
            throw new ArgumentException($"The {name} organisation path '{path}' is malformed: it must look like /group/subsidiary/.", name);
        }

        return path;
    }

    public static bool Contains(string callerPath, string ownerPath) => ownerPath.StartsWith(callerPath, StringComparison.Ordinal);
}
