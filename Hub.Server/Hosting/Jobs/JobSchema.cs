using Hangfire.PostgreSql;
using Npgsql;

namespace Hub.Server.Hosting.Jobs;

/// <summary>
/// Hangfire's tables live in their own schema of the Hub's database. The schema owner installs (and upgrades) them as
/// the migrator's step after the numbered migrations; nodes then open the storage without preparing anything, since
/// the runtime role may not create tables.
/// </summary>
internal static class JobSchema
{
    /// <summary>The schema holding Hangfire's tables.</summary>
    public const string Name = "hangfire";

    /// <summary>Options for a node's storage: the installed schema, never prepared at runtime.</summary>
    public static PostgreSqlStorageOptions RuntimeOptions() => new()
    {
        SchemaName = Name,
        PrepareSchemaIfNecessary = false,
        // An idle worker looks at the queue this often. Hangfire.PostgreSql's default is 15 s, and its wake-up on enqueue
        // is an in-process event per queue name that releases one waiting worker of the process: a job enqueued by
        // another node (the recurring scheduler's, a trigger from the dashboard) is seen only at the next poll. The
        // poll is one indexed UPDATE … SKIP LOCKED per idle worker.
        QueuePollInterval = TimeSpan.FromSeconds(2),
    };

    /// <summary>
    /// Installs or upgrades Hangfire's schema through <paramref name="dataSource"/> (the owner's). Hangfire's installer is
    /// synchronous and does nothing when the schema is current; it runs once per start, under the migration lock.
    /// </summary>
    public static void Install(NpgsqlDataSource dataSource)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = Name, PrepareSchemaIfNecessary = true };
        _ = new PostgreSqlStorage(new DataSourceConnections(dataSource), options);
    }
}
