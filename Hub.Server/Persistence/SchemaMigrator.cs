using Hub.Server.Hosting.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Persistence;

/// <summary>
/// Applies the shipped SQL migrations in order, each in its own transaction, under a PostgreSQL advisory lock so
/// that several nodes starting together migrate once. Refuses to run against a schema that was migrated by a
/// newer Hub or whose applied scripts differ from the shipped ones. Runs as the schema owner; the runtime role's grants
/// are its last step (<see cref="RuntimeGrants"/>).
/// </summary>
internal sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Arbitrary, fixed: "HUBMIGR" in ASCII. Every node must use the same key.
    private const long AdvisoryLockKey = 0x0048_5542_4D49_4752;

    /// <summary>
    /// Brings the schema up to this Hub's version: the numbered migrations, then Hangfire's schema, then (when
    /// <paramref name="runtimeRole"/> is given) the runtime role's grants. A schema that is already current is only
    /// verified, so a node connected as the runtime role (which may not create anything) starts on it; one that is
    /// behind needs the owner.
    /// </summary>
    /// <param name="runtimeRole">The role the nodes serve on, granted what they need (<see cref="RuntimeGrants"/>);
    /// null when the migrating role also serves (a single-role deployment) or when only checking.</param>
    /// <param name="cancellationToken">Stops the migration between steps.</param>
    public async Task MigrateAsync(string? runtimeRole, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            if (runtimeRole is null && await IsCurrentAsync(connection, cancellationToken))
            {
                Log.MigrationsUpToDate(logger, SchemaMigration.LatestVersion);
                return;
            }

            // A role that may not serve is refused before anything changes.
            var runtimeRoleExists = runtimeRole is not null && await RuntimeGrants.CheckAsync(connection, runtimeRole, cancellationToken);
            await ApplyAsync(connection, cancellationToken);
            JobSchema.Install(dataSource);
            if (runtimeRole is not null)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await RuntimeGrants.ApplyAsync(connection, transaction, runtimeRole, runtimeRoleExists, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                Log.RuntimeRoleGranted(logger, runtimeRole, !runtimeRoleExists);
            }

            Log.MigrationsUpToDate(logger, SchemaMigration.LatestVersion);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"The database schema is behind this Hub (version {SchemaMigration.LatestVersion}) and the role connected may not migrate it ({exception.MessageText}); " +
                "migrate as the schema owner first (hub migrate --connection OWNER --runtime-role ROLE, or serve with --migrate-connection).",
                exception);
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null,
            "CREATE SCHEMA IF NOT EXISTS hub; " +
            "CREATE TABLE IF NOT EXISTS hub.schema_migrations (version integer PRIMARY KEY, " +
            "name text NOT NULL, checksum char(64) NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken);
        var applied = await ReadAppliedAsync(connection, cancellationToken);
        Verify(applied);
        foreach (var migration in SchemaMigration.Shipped.Where(m => !applied.ContainsKey(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                "INSERT INTO hub.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                connection, transaction);
            record.Parameters.AddWithValue(migration.Version);
            record.Parameters.AddWithValue(migration.Name);
            record.Parameters.AddWithValue(migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Log.MigrationApplied(logger, migration.Version, migration.Name);
        }
    }

    /// <summary>
    /// Every shipped migration applied (and unchanged) and the job schema present: nothing to create. Reads only, so a
    /// role without CREATE may ask.
    /// </summary>
    private static async Task<bool> IsCurrentAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand(
            "SELECT to_regclass('hub.schema_migrations') IS NOT NULL AND to_regclass($1) IS NOT NULL", connection);
        exists.Parameters.AddWithValue(JobSchema.Name + ".schema");
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return false;
        }

        var applied = await ReadAppliedAsync(connection, cancellationToken);
        Verify(applied);
        return applied.Count == SchemaMigration.Shipped.Count;
    }

    /// <summary>The highest applied version, or null when the schema was never migrated.</summary>
    public async Task<int?> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Two statements: PostgreSQL resolves every table a statement names, even in a branch it will not take.
        await using var exists = new NpgsqlCommand("SELECT to_regclass('hub.schema_migrations') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return null;
        }

        await using var command = new NpgsqlCommand("SELECT max(version) FROM hub.schema_migrations", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
    }

    private static void Verify(Dictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied)
        {
            if (version > SchemaMigration.LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The database schema is at version {applied.Keys.Max()}, newer than this Hub knows ({SchemaMigration.LatestVersion}); run a newer Hub.");
            }

            var shipped = SchemaMigration.Shipped[version - 1];
            if (!string.Equals(shipped.Checksum, checksum.Trim(), StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Migration {version} ({shipped.Name}) differs from the one applied to this database; applied migrations must never be edited.");
            }
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection,
        CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM hub.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
