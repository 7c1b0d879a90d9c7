using System.Security.Cryptography;
using Hub.Activities.Seals;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Npgsql;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// The seal ledger's stores on a real PostgreSQL as the runtime role: grants count atomically and stop at once when
/// revoked, seal status moves only along its allowed edges (revoked is final), every change lands in the evidence
/// chain in its own transaction, a refused act writes nothing, and the use ledger is append-only.
/// </summary>
public sealed class SealStoreTests : IAsyncLifetime
{
    private SealLedgerDatabase db = null!;

    public async Task InitializeAsync() => db = await SealLedgerDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task TryCountUse_FiftyParallelOnAGrantOfOneUse_ExactlyOneCounts()
    {
        var seal = await db.SealAsync(db.Group.Alpha);
        var grant = await db.GrantAsync(seal.Id, maxUses: 1);
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await using var connection = await db.Runtime.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            start.Wait();
            var counted = await SealGrantStore.TryCountUseAsync(connection, transaction, grant.Id, DateTimeOffset.UtcNow, CancellationToken.None);
            await transaction.CommitAsync();
            return counted;
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, counted => counted);
        Assert.Equal(1L, await db.CountAsync("SELECT uses::bigint FROM hub.seal_grants WHERE id = $1", grant.Id));
    }

    [Fact]
    public async Task TryCountUse_RolledBack_GivesTheUseBack()
    {
        var seal = await db.SealAsync(db.Group.Alpha);
        var grant = await db.GrantAsync(seal.Id, maxUses: 1);
        await using (var connection = await db.Runtime.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.True(await SealGrantStore.TryCountUseAsync(connection, transaction, grant.Id, DateTimeOffset.UtcNow, CancellationToken.None));
            await transaction.RollbackAsync();
        }

        await using var again = await db.Runtime.OpenConnectionAsync();
        await using var second = await again.BeginTransactionAsync();
        Assert.True(await SealGrantStore.TryCountUseAsync(again, second, grant.Id, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.False(await SealGrantStore.TryCountUseAsync(again, second, grant.Id, DateTimeOffset.UtcNow, CancellationToken.None));
    }

    [Fact]
    public async Task Revoke_GrantInForce_NextUseRefusedAtOnceAndBothActsInEvidence()
    {
        var seal = await db.SealAsync(db.Group.Alpha);
        var grant = await db.GrantAsync(seal.Id);
        Assert.Equal([grant.Id], (await SealGrantStore.InForceAsync(db.Runtime, seal.Id, DateTimeOffset.UtcNow, CancellationToken.None)).Select(g => g.Id));

        var revoked = await SealGrantStore.RevokeAsync(db.Runtime, grant.Id, "离职", db.Group["hq.admin"].Id, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Null(revoked.Refusal);
        Assert.Equal("离职", revoked.Value!.Grant.RevocationReason);
        await using var connection = await db.Runtime.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.False(await SealGrantStore.TryCountUseAsync(connection, transaction, grant.Id, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Empty(await SealGrantStore.InForceAsync(db.Runtime, seal.Id, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(["grant standing-grant-made", "grant-revoked standing-grant-revoked"], await db.EvidenceAsync(SealEvidence.GrantSubject(grant.Id)));
        var again = await SealGrantStore.RevokeAsync(db.Runtime, grant.Id, "again", null, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal("grant-revoked", again.Refusal!.Code);
    }

    [Fact]
    public async Task TryCountUse_OutsideTheWindow_Refused()
    {
        var seal = await db.SealAsync(db.Group.Alpha);
        var until = DateTimeOffset.UtcNow.AddHours(1);
        var grant = await db.GrantAsync(seal.Id, validUntil: until);
        await using var connection = await db.Runtime.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        Assert.False(await SealGrantStore.TryCountUseAsync(connection, transaction, grant.Id, until, CancellationToken.None));
        Assert.False(await SealGrantStore.TryCountUseAsync(connection, transaction, grant.Id, grant.ValidFrom.AddTicks(-10), CancellationToken.None));
        Assert.True(await SealGrantStore.TryCountUseAsync(connection, transaction, grant.Id, until.AddMinutes(-1), CancellationToken.None));
    }

    [Fact]
    public async Task ChangeStatus_FreezeThawRevoke_RevokedIsFinalAndEachActRecorded()
    {
        var seal = await db.SealAsync(db.Group.Alpha);
        var actor = db.Group["hq.admin"].Id;

        var frozen = await SealStore.ChangeStatusAsync(db.Runtime, seal.Id, SealStatus.Frozen, "遗失待查", actor, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal((SealStatus.Frozen, "遗失待查"), (frozen.Value!.Status, frozen.Value.StatusReason));
        var refreeze = await SealStore.ChangeStatusAsync(db.Runtime, seal.Id, SealStatus.Frozen, "x", actor, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal("seal-frozen", refreeze.Refusal!.Code);
        var thawed = await SealStore.ChangeStatusAsync(db.Runtime, seal.Id, SealStatus.Active, "找到了", actor, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal((SealStatus.Active, null), (thawed.Value!.Status, thawed.Value.StatusReason));
        var revoked = await SealStore.ChangeStatusAsync(db.Runtime, seal.Id, SealStatus.Revoked, "更换印章", actor, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(SealStatus.Revoked, revoked.Value!.Status);
        var thawRevoked = await SealStore.ChangeStatusAsync(db.Runtime, seal.Id, SealStatus.Active, "x", actor, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal((SealRefusalKind.Conflict, "seal-revoked"), (thawRevoked.Refusal!.Kind, thawRevoked.Refusal.Code));
        Assert.Equal(SealStatus.Revoked, (await SealStore.GetAsync(db.Runtime, seal.Id, CancellationToken.None))!.Status);
        Assert.Equal(["seal-status registered", "seal-status frozen", "seal-status thawed", "seal-status revoked"],
            await db.EvidenceAsync(SealEvidence.SealSubject(seal.Id)));
        Assert.Equal(4L, await db.CountAsync("SELECT version::bigint FROM hub.seals WHERE id = $1", seal.Id));
        var missing = await SealStore.ChangeStatusAsync(db.Runtime, Guid.NewGuid(), SealStatus.Frozen, "x", actor, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(SealRefusalKind.NotFound, missing.Refusal!.Kind);
    }

    [Fact]
    public async Task Find_FrozenAndRevokedSeals_FindsTheUnrevokedOneOfThatTypeOnly()
    {
        var old = await db.SealAsync(db.Group.Alpha, SealType.Contract);
        await SealStore.ChangeStatusAsync(db.Runtime, old.Id, SealStatus.Revoked, "旧章作废", null, DateTimeOffset.UtcNow, CancellationToken.None);
        var current = await db.SealAsync(db.Group.Alpha, SealType.Contract);
        await db.SealAsync(db.Group.Alpha, SealType.Finance);
        await SealStore.ChangeStatusAsync(db.Runtime, current.Id, SealStatus.Frozen, "审计", null, DateTimeOffset.UtcNow, CancellationToken.None);

        var found = await SealStore.FindAsync(db.Runtime, db.Group.Alpha.Id, SealType.Contract, CancellationToken.None);

        Assert.Equal((current.Id, SealStatus.Frozen), (found!.Id, found.Status));
        Assert.Null(await SealStore.FindAsync(db.Runtime, db.Group.Beta.Id, SealType.Contract, CancellationToken.None));
    }

    [Fact]
    public async Task Register_SecondUnrevokedSealOfTheType_RefusedAndNothingWritten()
    {
        await db.SealAsync(db.Group.Alpha, SealType.Official);
        var before = await db.CountAsync("SELECT count(*) FROM hub.evidence_log");
        var duplicate = new Seal
        {
            Id = Guid.NewGuid(), OrganisationId = db.Group.Alpha.Id, OrganisationPath = db.Group.Alpha.Path, OrganisationName = db.Group.Alpha.Name,
            Type = SealType.Official, Medium = SealMedium.Electronic, Name = "第二枚公章", RegisteredAt = DateTimeOffset.UtcNow,
        };

        var outcome = await SealStore.RegisterAsync(db.Runtime, duplicate, null, CancellationToken.None);

        Assert.Equal("seal-exists", outcome.Refusal!.Code);
        Assert.Equal(0L, await db.CountAsync("SELECT count(*) FROM hub.seals WHERE id = $1", duplicate.Id));
        Assert.Equal(before, await db.CountAsync("SELECT count(*) FROM hub.evidence_log"));
    }

    [Fact]
    public async Task Register_CustodianOfAnotherSubsidiary_RefusedAndNothingWritten()
    {
        var seal = new Seal
        {
            Id = Guid.NewGuid(), OrganisationId = db.Group.Alpha.Id, OrganisationPath = db.Group.Alpha.Path, OrganisationName = db.Group.Alpha.Name,
            Type = SealType.Contract, Medium = SealMedium.Electronic, Name = "合同章", RegisteredAt = DateTimeOffset.UtcNow,
            Custodians = [db.Group["alpha.member"].Id, db.Group["beta.member"].Id],
        };

        var outcome = await SealStore.RegisterAsync(db.Runtime, seal, null, CancellationToken.None);

        Assert.Equal((SealRefusalKind.Invalid, "custodian-outside-subtree"), (outcome.Refusal!.Kind, outcome.Refusal.Code));
        Assert.Equal(0L, await db.CountAsync("SELECT count(*) FROM hub.seals WHERE id = $1", seal.Id));
        Assert.Equal(0L, await db.CountAsync("SELECT count(*) FROM hub.seal_custodians WHERE seal_id = $1", seal.Id));
        Assert.Empty(await db.EvidenceAsync(SealEvidence.SealSubject(seal.Id)));
    }

    [Fact]
    public async Task RecordUse_InTheCallersTransaction_ReadBackAndTheRuntimeRoleCannotChangeIt()
    {
        var seal = await db.SealAsync(db.Group.Alpha);
        var grant = await db.GrantAsync(seal.Id);
        var use = new SealUseEntry
        {
            Id = Guid.NewGuid(), SealId = seal.Id, OrganisationPath = seal.OrganisationPath, Medium = SealMedium.Electronic, Unattended = true,
            InstanceId = Guid.NewGuid(), DocumentSha256 = SHA256.HashData("before"u8), SealedSha256 = SHA256.HashData("after"u8),
            StandingGrantId = grant.Id, SingleUseGrantId = Guid.NewGuid(), Category = "expense", Amount = 1234.5m, Currency = "CNY",
            Counterparty = "上海某某科技有限公司", UsedAt = DateTimeOffset.UtcNow,
        };
        await using (var connection = await db.Runtime.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await SealLedgerStore.RecordUseAsync(connection, transaction, use, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var (rows, more) = await SealLedgerStore.QueryAsync(db.Runtime, new SealUseQuery { Roots = [db.Group.Alpha.Path], SealId = seal.Id }, CancellationToken.None);
        Assert.False(more);
        var row = Assert.Single(rows);
        Assert.Equal((use.SingleUseGrantId, use.Amount, use.Counterparty, true), (row.Use.SingleUseGrantId, row.Use.Amount, row.Use.Counterparty, row.Use.Unattended));
        Assert.Equal(use.SealedSha256, row.Use.SealedSha256);
        Assert.Empty((await SealLedgerStore.QueryAsync(db.Runtime, new SealUseQuery { Roots = [db.Group.Beta.Path] }, CancellationToken.None)).Rows);
        await using var tamper = db.Runtime.CreateCommand("UPDATE hub.seal_uses SET amount = 1 WHERE id = $1");
        tamper.Parameters.AddWithValue(use.Id);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => tamper.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task RecordPhysicalUse_FrozenSeal_RefusedAndNothingWritten_ActiveSealRecordedWithEvidence()
    {
        var custodian = db.Group["alpha.member"].Id;
        var seal = await db.SealAsync(db.Group.Alpha, SealType.Official, SealMedium.Physical, [custodian]);
        var grant = await db.GrantAsync(seal.Id, maxUses: 1);
        SealUseEntry Use(string category = "expense", decimal amount = 800m) => new()
        {
            Id = Guid.NewGuid(), SealId = seal.Id, OrganisationPath = "", Medium = SealMedium.Physical, PersonId = custodian,
            DocumentReference = "BX-2026-001", StandingGrantId = grant.Id, Category = category, Amount = amount, Currency = "CNY", UsedAt = DateTimeOffset.UtcNow,
        };
        await SealStore.ChangeStatusAsync(db.Runtime, seal.Id, SealStatus.Frozen, "盘点", null, DateTimeOffset.UtcNow, CancellationToken.None);

        var refused = await SealLedgerStore.RecordPhysicalUseAsync(db.Runtime, Use(), custodian, CancellationToken.None);

        Assert.Equal("seal-frozen", refused.Refusal!.Code);
        Assert.Equal(0L, await db.CountAsync("SELECT count(*) FROM hub.seal_uses WHERE seal_id = $1", seal.Id));
        Assert.Equal(0L, await db.CountAsync("SELECT uses::bigint FROM hub.seal_grants WHERE id = $1", grant.Id));

        await SealStore.ChangeStatusAsync(db.Runtime, seal.Id, SealStatus.Active, "盘点完毕", null, DateTimeOffset.UtcNow, CancellationToken.None);
        var otherCategory = await SealLedgerStore.RecordPhysicalUseAsync(db.Runtime, Use("labour-contract"), custodian, CancellationToken.None);
        var overLimit = await SealLedgerStore.RecordPhysicalUseAsync(db.Runtime, Use(amount: 1_000_000.01m), custodian, CancellationToken.None);
        Assert.Equal(("grant-does-not-cover", "grant-does-not-cover"), (otherCategory.Refusal!.Code, overLimit.Refusal!.Code));
        Assert.Equal("Seal grant " + grant.Id + " covers expense up to 1,000,000.00 CNY; not expense of 1,000,000.01 CNY.", overLimit.Refusal.Message);
        var recorded = await SealLedgerStore.RecordPhysicalUseAsync(db.Runtime, Use(), custodian, CancellationToken.None);
        var exhausted = await SealLedgerStore.RecordPhysicalUseAsync(db.Runtime, Use(), custodian, CancellationToken.None);

        Assert.Equal((seal.OrganisationPath, seal.DeviceId), (recorded.Value!.OrganisationPath, recorded.Value.DeviceId));
        Assert.Equal("grant-not-usable", exhausted.Refusal!.Code);
        Assert.Equal(1L, await db.CountAsync("SELECT count(*) FROM hub.seal_uses WHERE seal_id = $1", seal.Id));
        Assert.Equal(["seal-status registered", "seal-status frozen", "seal-status thawed", "seal physical-use"], await db.EvidenceAsync(SealEvidence.SealSubject(seal.Id)));
    }
}
