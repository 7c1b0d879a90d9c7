using Hub.Server.Database;
using Hub.Server.Persistence;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Tests.Workflows;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Persistence;

/// <summary>
/// The node serves on a role that is not a superuser, owns nothing and may not change the journal (DESIGN §7); the
/// owner migrates and grants. The fixture's node runs on that role, so every API test also runs on it.
/// </summary>
public sealed class RuntimeRoleTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task RuntimeRole_RunsAFlowThenTriesToRewriteItsJournal_IsRefused()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var definitionId = "least-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, WorkflowDocuments.Approval(definitionId, 1, [new { kind = "user", value = "alpha.admin" }]));
        var started = await StartAsync(admin, hub.Group.Alpha.Id, definitionId, new { });
        var id = started.GetProperty("id").GetGuid();
        Assert.Equal("Suspended", started.GetProperty("status").GetString());

        await using var runtime = new NpgsqlConnection(hub.RuntimeConnectionString);
        await runtime.OpenAsync();
        Assert.True(await ScalarAsync<long>(runtime, "SELECT count(*) FROM hub.workflow_journal WHERE instance_id = $1", id) > 0);
        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(runtime, "UPDATE hub.workflow_journal SET message = 'rewritten' WHERE instance_id = $1", id));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, update.SqlState);
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(runtime, "DELETE FROM hub.workflow_journal WHERE instance_id = $1", id));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, delete.SqlState);
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(runtime, "TRUNCATE hub.workflow_journal"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, truncate.SqlState);
    }

    [Theory]
    [InlineData("hub")]
    [InlineData("identity")]
    [InlineData("hangfire")]
    [InlineData("public")]
    public async Task RuntimeRole_CreateTable_IsRefused(string schema)
    {
        await using var runtime = new NpgsqlConnection(hub.RuntimeConnectionString);
        await runtime.OpenAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(runtime, $"CREATE TABLE {schema}.intruder (id int)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task RuntimeRole_Attributes_NotSuperuserAndOwnsNothing()
    {
        await using var runtime = new NpgsqlConnection(hub.RuntimeConnectionString);
        await runtime.OpenAsync();
        Assert.Equal(EmbeddedRoles.Runtime, await ScalarAsync<string>(runtime, "SELECT current_user::text"));
        Assert.False(await ScalarAsync<bool>(runtime, "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(0L, await ScalarAsync<long>(runtime,
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
        Assert.Equal(0L, await ScalarAsync<long>(runtime,
            "SELECT count(*) FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
        // The tables the node works on are the owner's, so ALTER is refused too.
        var alter = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(runtime, "ALTER TABLE hub.workflow_instances ADD COLUMN intruder int"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, alter.SqlState);
    }

    [Fact]
    public async Task Owner_Attributes_NotSuperuserAndOwnsTheSchemas()
    {
        await using var owner = new NpgsqlConnection(TestPostgres.AsOwner(hub.ConnectionString));
        await owner.OpenAsync();
        Assert.False(await ScalarAsync<bool>(owner, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"));
        foreach (var table in new[] { "hub.workflow_journal", "identity.persons", "hangfire.job" })
        {
            Assert.Equal(EmbeddedRoles.Owner, await ScalarAsync<string>(owner,
                "SELECT pg_get_userbyid(relowner)::text FROM pg_class WHERE oid = to_regclass($1)", table));
        }
    }

    [Fact]
    public async Task Grants_AppendOnlyTables_HaveInsertAndSelectOnly()
    {
        await using var owner = new NpgsqlConnection(hub.ConnectionString);
        await owner.OpenAsync();
        var checkedTables = 0;
        foreach (var table in RuntimeGrants.AppendOnlyTables)
        {
            if (await ScalarAsync<bool>(owner, "SELECT to_regclass($1) IS NULL", table))
            {
                continue;
            }

            checkedTables++;
            Assert.Equal(new[] { true, true, false, false }, await PrivilegesAsync(owner, table));
        }

        Assert.True(checkedTables > 0, "the journal, at least, exists");
    }

    [Fact]
    public async Task Grants_TableAddedByALaterMigration_IsCoveredOnTheNextStart()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using (var owner = new NpgsqlConnection(TestPostgres.AsOwner(database)))
        {
            await owner.OpenAsync();
            // A table a later migration adds, made the way a migration makes it (as the owner, in an existing schema).
            await ExecuteAsync(owner, "CREATE TABLE identity.added_later (id bigserial PRIMARY KEY, v text)");
            Assert.Equal(new[] { true, true, true, true }, await PrivilegesAsync(owner, "identity.added_later"));
            await ExecuteAsync(owner, "REVOKE ALL ON identity.added_later FROM " + EmbeddedRoles.Runtime);
        }

        await using (var ownerSource = NpgsqlDataSource.Create(TestPostgres.AsOwner(database)))
        {
            await new SchemaMigrator(ownerSource, NullLogger<SchemaMigrator>.Instance)
                .MigrateAsync(EmbeddedRoles.Runtime, CancellationToken.None);
        }

        await using var runtime = new NpgsqlConnection(TestPostgres.AsRuntimeRole(database));
        await runtime.OpenAsync();
        await ExecuteAsync(runtime, "INSERT INTO identity.added_later (v) VALUES ('by the node')");
        await ExecuteAsync(runtime, "UPDATE identity.added_later SET v = 'changed'");
        Assert.Equal("changed", await ScalarAsync<string>(runtime, "SELECT v FROM identity.added_later"));
    }

    [Fact]
    public async Task Migrate_AsRuntimeRoleOnASchemaBehind_RefusesWithTheOwnersCommand()
    {
        var empty = await TestPostgres.CreateDatabaseAsync(migrated: false);
        await using var runtimeSource = NpgsqlDataSource.Create(TestPostgres.AsRuntimeRole(empty));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new SchemaMigrator(runtimeSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(null, CancellationToken.None));
        Assert.Contains("hub migrate --connection OWNER --runtime-role ROLE", refused.Message, StringComparison.Ordinal);
        await using var owner = new NpgsqlConnection(empty);
        await owner.OpenAsync();
        Assert.True(await ScalarAsync<bool>(owner, "SELECT to_regnamespace('hub') IS NULL"));
    }

    [Theory]
    [InlineData("hub", "is a superuser")]
    [InlineData(EmbeddedRoles.Owner, "is the role that migrates")]
    public async Task Migrate_RuntimeRoleThatMayNotServe_IsRefusedBeforeAnythingChanges(string role, string reason)
    {
        var empty = await TestPostgres.CreateDatabaseAsync(migrated: false);
        await using (var ownerSource = NpgsqlDataSource.Create(TestPostgres.AsOwner(empty)))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                new SchemaMigrator(ownerSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(role, CancellationToken.None));
            Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        }

        await using var inspect = new NpgsqlConnection(empty);
        await inspect.OpenAsync();
        Assert.True(await ScalarAsync<bool>(inspect, "SELECT to_regnamespace('hub') IS NULL"));
    }

    [Theory]
    [InlineData("Robert'); DROP TABLE x; --")]
    [InlineData("UpperCase")]
    [InlineData("")]
    public void ValidateRoleName_NotAPlainIdentifier_IsRefused(string role)
    {
        var refused = Assert.Throws<ArgumentException>(() => RuntimeGrants.ValidateRoleName(role));
        Assert.Contains("not a plain PostgreSQL identifier", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<bool[]> PrivilegesAsync(NpgsqlConnection connection, string table)
    {
        var privileges = new List<bool>();
        foreach (var privilege in new[] { "SELECT", "INSERT", "UPDATE", "DELETE" })
        {
            privileges.Add(await ScalarAsync<bool>(connection, "SELECT has_table_privilege($1, $2, $3)",
                EmbeddedRoles.Runtime, table, privilege));
        }

        return [.. privileges];
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
