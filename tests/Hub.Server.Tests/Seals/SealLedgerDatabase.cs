using Hub.Activities.Seals;
using Hub.Server.Persistence;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// A fresh database with a <see cref="TestGroup"/>, reached as the runtime role the Hub serves on (stores run as it)
/// and as the superuser (tests inspect rows with it); builders for seals and grants.
/// </summary>
internal sealed class SealLedgerDatabase : IAsyncDisposable
{
    private SealLedgerDatabase(NpgsqlDataSource runtime, NpgsqlDataSource superuser, TestGroup group)
    {
        Runtime = runtime;
        Superuser = superuser;
        Group = group;
    }

    public NpgsqlDataSource Runtime { get; }

    public NpgsqlDataSource Superuser { get; }

    public TestGroup Group { get; }

    public static async Task<SealLedgerDatabase> CreateAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using (var db = new HubDbContext(new DbContextOptionsBuilder<HubDbContext>().UseNpgsql(connectionString).Options))
        {
            var group = await TestGroup.CreateAsync(db);
            return new SealLedgerDatabase(NpgsqlDataSource.Create(TestPostgres.AsRuntimeRole(connectionString)), NpgsqlDataSource.Create(connectionString), group);
        }
    }

    /// <summary>Registers an active seal of <paramref name="organisation"/> through the store.</summary>
    public async Task<Seal> SealAsync(Hub.Activities.Organisations.Organisation organisation, SealType type = SealType.Finance,
        SealMedium medium = SealMedium.Electronic, IReadOnlyList<Guid>? custodians = null)
    {
        var seal = new Seal
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisation.Id,
            OrganisationPath = organisation.Path,
            OrganisationName = organisation.Name,
            Type = type,
            Medium = medium,
            Name = $"{organisation.Name} {type.Chinese()}",
            DeviceId = medium == SealMedium.Physical ? "device-" + Guid.NewGuid().ToString("N")[..8] : null,
            Location = medium == SealMedium.Physical ? "保险柜 1" : null,
            Custodians = custodians ?? [],
            RegisteredAt = DateTimeOffset.UtcNow,
        };
        var outcome = await SealStore.RegisterAsync(Runtime, seal, Group["hq.admin"].Id, CancellationToken.None);
        Assert.Null(outcome.Refusal);
        return outcome.Value!;
    }

    /// <summary>Makes a standing grant over <paramref name="sealId"/> through the store.</summary>
    public async Task<SealGrant> GrantAsync(Guid sealId, int? maxUses = null, DateTimeOffset? validUntil = null)
    {
        var grant = new SealGrant
        {
            Id = Guid.NewGuid(),
            SealId = sealId,
            GranteeKind = GranteeKind.Role,
            Grantee = "Finance",
            Categories = ["expense"],
            AmountLimit = 1_000_000m,
            ValidFrom = DateTimeOffset.UtcNow.AddMinutes(-1),
            ValidUntil = validUntil,
            MaxUses = maxUses,
            RequiredDefinitionId = "expense-reimbursement",
            AllowsUnattended = true,
            GrantedBy = Group["hq.admin"].Id,
            GrantedAt = DateTimeOffset.UtcNow,
        };
        var outcome = await SealGrantStore.CreateAsync(Runtime, grant, CancellationToken.None);
        Assert.Null(outcome.Refusal);
        return outcome.Value!.Grant;
    }

    /// <summary>The evidence acts about <paramref name="subject"/>, in chain order, as "kind act".</summary>
    public async Task<List<string>> EvidenceAsync(string subject)
    {
        await using var command = Superuser.CreateCommand("SELECT kind, details::jsonb ->> 'act' FROM hub.evidence_log WHERE subject = $1 ORDER BY seq");
        command.Parameters.AddWithValue(subject);
        var acts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            acts.Add($"{reader.GetString(0)} {reader.GetString(1)}");
        }

        return acts;
    }

    public async Task<long> CountAsync(string sql, params object[] values)
    {
        await using var command = Superuser.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Superuser.DisposeAsync();
    }
}
