using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Persistence;

/// <summary>
/// Applies the shipped SQL migrations in order, each in its own transaction, under a PostgreSQL advisory lock so
/// that several nodes starting together migrate once. Refuses to run against a schema that was migrated by a
/// newer Hub or whose applied scripts differ from the shipped ones.
/// </summary>
internal sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Arbitrary, fixed: "HUBMIGR" in ASCII. Every node must use the same key.
    private const long AdvisoryLockKey = 0x0048_5542_4D49_4752;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
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

            Log.MigrationsUpToDate(logger, SchemaMigration.LatestVersion);
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
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
