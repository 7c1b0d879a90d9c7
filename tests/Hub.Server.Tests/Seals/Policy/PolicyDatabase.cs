using Hub.Server.Persistence;
using Hub.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hub.Server.Tests.Seals.Policy;

/// <summary>A migrated database of its own for one test, with a <see cref="TestGroup"/> (whose user names are fixed, so
/// one group per database). Stores run as the runtime role, as on a serving node; tests inspect as the superuser.</summary>
internal sealed class PolicyDatabase : IAsyncDisposable
{
    private PolicyDatabase(NpgsqlDataSource runtime, NpgsqlDataSource superuser, TestGroup group)
    {
        Runtime = runtime;
        Superuser = superuser;
        Group = group;
    }

    public NpgsqlDataSource Runtime { get; }

    public NpgsqlDataSource Superuser { get; }

    public TestGroup Group { get; }

    public static async Task<PolicyDatabase> CreateAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var db = new HubDbContext(new DbContextOptionsBuilder<HubDbContext>().UseNpgsql(connectionString).Options);
        var group = await TestGroup.CreateAsync(db);
        return new PolicyDatabase(NpgsqlDataSource.Create(TestPostgres.AsRuntimeRole(connectionString)),
            NpgsqlDataSource.Create(connectionString), group);
    }

    public async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work)
    {
        await using var connection = await Runtime.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await work(connection, transaction);
        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Superuser.DisposeAsync();
    }
}
