using Hub.Server.Persistence;
using Hub.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Persistence;

/// <summary>The EF Core model and the schema the SQL migrations create must describe the same tables.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task Model_AgreesWithMigratedSchema_TablesColumnsTypesNullabilityKeys()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var db = new HubDbContext(new DbContextOptionsBuilder<HubDbContext>().UseNpgsql(connectionString).Options);

        Assert.Equal(Expected(db), await ActualAsync(connectionString));
    }

    [Fact]
    public async Task IdentityModel_AgreesWithMigratedIdentitySchema_AndNothingOfItIsInTheBusinessModel()
    {
        // Identity data has its own context and schema (issue 5 item 5); the business model must not map any of it.
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var identity = new Hub.Server.Identity.Persistence.IdentityDbContext(
            new DbContextOptionsBuilder<Hub.Server.Identity.Persistence.IdentityDbContext>().UseNpgsql(connectionString).Options);
        await using var business = new HubDbContext(new DbContextOptionsBuilder<HubDbContext>().UseNpgsql(connectionString).Options);
        var expected = Expected(identity);
        Assert.Contains("identity.persons.id_number_cipher bytea null", expected);
        Assert.Equal(expected, await ActualAsync(connectionString, Hub.Server.Identity.Persistence.IdentityDbContext.Schema));
        Assert.DoesNotContain(business.Model.GetEntityTypes(), e => e.GetSchema() == Hub.Server.Identity.Persistence.IdentityDbContext.Schema);
    }

    private static SortedSet<string> Expected(DbContext db)
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            // xmin is PostgreSQL's system column, present on every table; the model maps it as a row version.
            foreach (var property in entity.GetProperties().Where(p => p.GetColumnName(table) != "xmin"))
            {
                expected.Add($"{table.Schema}.{table.Name}.{property.GetColumnName(table)} {property.GetColumnType()} " +
                             (property.IsColumnNullable(table) ? "null" : "not null"));
            }

            expected.Add($"{table.Schema}.{table.Name} pk({string.Join(',', entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(table)))})");
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                expected.Add($"{table.Schema}.{table.Name} fk({string.Join(',', foreignKey.Properties.Select(p => p.GetColumnName(table)))}) -> " +
                             $"{foreignKey.PrincipalEntityType.GetSchema()}.{foreignKey.PrincipalEntityType.GetTableName()}");
            }
        }

        return expected;
    }

    [Fact]
    public async Task Migrate_ConcurrentNodes_ApplyEachMigrationOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(migrated: false);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var nodes = Enumerable.Range(0, 4)
            .Select(_ => new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(null, CancellationToken.None));
        await Task.WhenAll(nodes);
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
        Assert.Equal(SchemaMigration.LatestVersion, await migrator.CurrentVersionAsync(CancellationToken.None));
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM hub.schema_migrations");
        Assert.Equal((long)SchemaMigration.Shipped.Count, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrate_AppliedScriptWasEdited_RefusesToStart()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var tamper = dataSource.CreateCommand("UPDATE hub.schema_migrations SET checksum = repeat('0', 64) WHERE version = 1"))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(null, CancellationToken.None));
        Assert.Equal("Migration 1 (foundation) differs from the one applied to this database; applied migrations must never be edited.", error.Message);
    }

    [Fact]
    public async Task Migrate_DatabaseFromANewerHub_RefusesToStart()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var newer = dataSource.CreateCommand("INSERT INTO hub.schema_migrations (version, name, checksum) VALUES (999, 'future', repeat('0', 64))"))
        {
            await newer.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(null, CancellationToken.None));
        Assert.Contains("newer than this Hub knows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurrentVersion_UnmigratedDatabase_IsNull()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync(migrated: false));
        Assert.Null(await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).CurrentVersionAsync(CancellationToken.None));
    }

    /// <summary>Tables written by raw SQL (the workflow host batches a burst's writes into one round trip; the CA's
    /// store makes each operation one atomic statement; the node's keys, documents and archive are stores of bytes), reviewed
    /// here instead of in the EF model; Workflows/WorkflowSchemaTests checks they exist with their keys.</summary>
    internal static readonly string[] RawSqlTables =
    [
        "workflow_definitions", "workflow_instances", "workflow_bookmarks", "workflow_tasks", "workflow_journal",
        "workflow_outbox", "workflow_work_items", "workflow_signals", "workflow_incidents", "notifications",
        "ca_hierarchy", "ca_certificates", "ca_revocations", "ca_crl_number", "trust_designations",
        "trust_keys", "documents", "archive_manifests", "archive_segments", "archive_audit", "document_records", "document_templates",
        "evidence_log", "evidence_anchors", "seals", "seal_custodians", "seal_grants", "seal_uses",
        "seal_policy_rules", "seal_policy_rule_versions", "seal_decisions", "seal_use_grants", "seal_use_refusals",
        "personal_signatures",
    ];

    private static async Task<SortedSet<string>> ActualAsync(string connectionString, string schema = HubDbContext.Schema)
    {
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var columns = new NpgsqlCommand("""
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $2 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname <> 'schema_migrations' AND NOT (c.relname = ANY($1))
            """, connection) { Parameters = { new() { Value = RawSqlTables }, new() { Value = schema } } })
        await using (var reader = await columns.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                actual.Add($"{reader.GetString(0)}.{reader.GetString(1)}.{reader.GetString(2)} {reader.GetString(3)} " +
                           (reader.GetBoolean(4) ? "not null" : "null"));
            }
        }

        await using (var keys = new NpgsqlCommand("""
            SELECT n.nspname, c.relname, con.contype::text,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ordinality) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ordinality)
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum),
                   coalesce(fn.nspname || '.' || fc.relname, '')
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
            WHERE n.nspname = $2 AND con.contype IN ('p', 'f') AND c.relname <> 'schema_migrations' AND NOT (c.relname = ANY($1))
            """, connection) { Parameters = { new() { Value = RawSqlTables }, new() { Value = schema } } })
        await using (var reader = await keys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                actual.Add(reader.GetString(2) == "p"
                    ? $"{reader.GetString(0)}.{reader.GetString(1)} pk({reader.GetString(3)})"
                    : $"{reader.GetString(0)}.{reader.GetString(1)} fk({reader.GetString(3)}) -> {reader.GetString(4)}");
            }
        }

        return actual;
    }
}
