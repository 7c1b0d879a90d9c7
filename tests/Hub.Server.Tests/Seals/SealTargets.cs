using Hub.Activities.Seals;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// Alpha's seal-ledger records for the access catalogue, fresh per call (an earlier call's electronic seals are
/// revoked first, since an entity holds one unrevoked electronic seal per type), and Beta's, so a narrowed list has
/// something of the caller's own to show: an electronic seal with an uploaded appearance, a physical seal whose
/// custodian is alpha.admin, one to revoke, a grant, and a physical use in each subsidiary.
/// </summary>
internal sealed record SealTargets(Guid SealId, Guid PhysicalSealId, Guid RevocableSealId, Guid GrantId)
{
    public static async Task<SealTargets> CreateAsync(HubServerFixture hub)
    {
        await using (var reset = new NpgsqlConnection(hub.ConnectionString))
        {
            await reset.OpenAsync();
            await using var revoke = new NpgsqlCommand(
                "UPDATE hub.seals SET status = 'Revoked', status_reason = 'test reset' WHERE medium = 'Electronic' AND status <> 'Revoked'", reset);
            await revoke.ExecuteNonQueryAsync();
        }

        await using var db = NpgsqlDataSource.Create(hub.RuntimeConnectionString);
        var admin = hub.Group["alpha.admin"].Id;
        var seal = await RegisterAsync(db, hub.Group.Alpha, SealType.Contract, SealMedium.Electronic, []);
        Assert.Null((await SealStore.SetAppearanceAsync(db, seal.Id, TestPng.Disc(60, 60), admin, DateTimeOffset.UtcNow, CancellationToken.None)).Refusal);
        var physical = await RegisterAsync(db, hub.Group.Alpha, SealType.Official, SealMedium.Physical, [admin]);
        var revocable = await RegisterAsync(db, hub.Group.Alpha, SealType.Finance, SealMedium.Physical, []);
        var grant = await GrantAsync(db, seal.Id, admin);

        var beta = await RegisterAsync(db, hub.Group.Beta, SealType.Official, SealMedium.Physical, [hub.Group["beta.admin"].Id]);
        await GrantAsync(db, beta.Id, hub.Group["beta.admin"].Id);
        foreach (var (held, person) in new[] { (physical, admin), (beta, hub.Group["beta.admin"].Id) })
        {
            var used = await SealLedgerStore.RecordPhysicalUseAsync(db, new SealUseEntry
            {
                Id = Guid.NewGuid(), SealId = held.Id, OrganisationPath = held.OrganisationPath, Medium = SealMedium.Physical, PersonId = person,
                DocumentReference = "HT-" + Guid.NewGuid().ToString("N")[..6], Category = "labour-contract", UsedAt = DateTimeOffset.UtcNow,
            }, person, CancellationToken.None);
            Assert.Null(used.Refusal);
        }

        return new SealTargets(seal.Id, physical.Id, revocable.Id, grant);
    }

    private static async Task<Seal> RegisterAsync(NpgsqlDataSource db, Hub.Activities.Organisations.Organisation holder, SealType type, SealMedium medium,
        Guid[] custodians)
    {
        var registered = await SealStore.RegisterAsync(db, new Seal
        {
            Id = Guid.NewGuid(), OrganisationId = holder.Id, OrganisationPath = holder.Path, OrganisationName = holder.Name, Type = type, Medium = medium,
            Name = "", DeviceId = medium == SealMedium.Physical ? "dev-" + Guid.NewGuid().ToString("N")[..10] : null, Custodians = custodians,
            RegisteredAt = DateTimeOffset.UtcNow,
        }, null, CancellationToken.None);
        Assert.Null(registered.Refusal);
        return registered.Value!;
    }

    private static async Task<Guid> GrantAsync(NpgsqlDataSource db, Guid sealId, Guid by)
    {
        var created = await SealGrantStore.CreateAsync(db, new SealGrant
        {
            Id = Guid.NewGuid(), SealId = sealId, GranteeKind = GranteeKind.Role, Grantee = "Finance", Categories = ["expense"],
            ValidFrom = DateTimeOffset.UtcNow.AddMinutes(-1), GrantedBy = by, GrantedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        Assert.Null(created.Refusal);
        return created.Value!.Grant.Id;
    }
}
