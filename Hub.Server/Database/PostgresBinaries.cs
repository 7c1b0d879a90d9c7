namespace Hub.Server.Database;

/// <summary>Finds the PostgreSQL server binaries Debian installs under /usr/lib/postgresql/VERSION/bin.</summary>
internal static class PostgresBinaries
{
    public static string Locate()
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var newest = Directory.EnumerateDirectories(root)
                .Select(directory => (directory, version: int.TryParse(Path.GetFileName(directory), out var v) ? v : 0))
                .Where(candidate => File.Exists(Path.Combine(candidate.directory, "bin", "pg_ctl")))
                .OrderByDescending(candidate => candidate.version)
                .Select(candidate => Path.Combine(candidate.directory, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        throw new EmbeddedPostgresException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql (install postgresql-15, or pass --connection).");
    }
}
