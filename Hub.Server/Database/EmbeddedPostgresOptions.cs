namespace Hub.Server.Database;

/// <summary>Where and how the Hub runs its private PostgreSQL.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>The cluster's data directory (e.g. <c>./data/pg</c>). Created and initialised on first start.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Directory of the PostgreSQL server binaries. Unset: the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>First TCP port tried on 127.0.0.1 when the cluster is created; the next free one is taken if busy.</summary>
    public int PreferredPort { get; init; } = 55432;

    /// <summary>Name of the database the Hub uses inside the cluster.</summary>
    public string DatabaseName { get; init; } = "hub";

    /// <summary>
    /// The process whose death must stop the cluster (the Hub itself by default). A detached watchdog stops the
    /// postmaster when this process dies without a clean shutdown, so a SIGKILLed Hub leaves no stray server.
    /// </summary>
    public int? OwnerProcessId { get; init; }
}
