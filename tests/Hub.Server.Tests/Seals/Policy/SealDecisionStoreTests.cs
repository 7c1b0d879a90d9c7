using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Seals.Policy;

namespace Hub.Server.Tests.Seals.Policy;

public sealed class SealDecisionStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordAsync_ThenLatest_ReadsBackRequestSealAndExplanations()
    {
        await using var database = await PolicyDatabase.CreateAsync();
        var group = database.Group;
        var seal = Seal(group.Alpha);
        var rule = SealPolicyStoreTests.Rule(group.Group, "HQ limit");
        var request = Request(seal, 2_000_000m) with
        {
            Approvals = [new RecordedApproval("legal", "法务审核", "approve", Guid.NewGuid(), "法务", ["Legal@/x/"], At.AddHours(-1))],
        };
        var decision = SealUseDecider.Decide(request, seal, [], [rule]);
        var id = await RecordAsync(database, request, decision, At);

        var latest = Assert.Single(await SealDecisionStore.LatestAsync(database.Runtime, [group.Alpha.Path], 100, CancellationToken.None));

        Assert.Equal(id, latest.Id);
        Assert.Equal(At, latest.DecidedAt);
        Assert.False(latest.Allowed);
        Assert.Equal("no-grant", latest.RefusalCode);
        Assert.Equal(decision.Explanations, latest.Explanations);
        Assert.Equal([rule.Id], latest.RuleIds);
        Assert.Equal(request.Amount, latest.Request.Amount);
        Assert.Equal(SealType.Finance, latest.Request.SealType);
        Assert.Equal(request.Approvals.Single().DeciderRoles, latest.Request.Approvals.Single().DeciderRoles);
        Assert.Null(latest.Seal.UploadedAppearance);
        Assert.Equal(seal.Name, latest.Seal.Name);
        // Re-deciding the stored request gives the stored decision.
        Assert.Equal(decision.Explanations, SealUseDecider.Decide(latest.Request, latest.Seal, [], [rule]).Explanations);
    }

    [Fact]
    public async Task Latest_ScopedToRootsNewestFirstAndLimited()
    {
        await using var database = await PolicyDatabase.CreateAsync();
        var group = database.Group;
        var alpha = Seal(group.Alpha);
        var beta = Seal(group.Beta);
        for (var i = 0; i < 3; i++)
        {
            var request = Request(alpha, i);
            await RecordAsync(database, request, SealUseDecider.Decide(request, alpha, [], []), At.AddMinutes(i));
        }

        var other = Request(beta, 9);
        await RecordAsync(database, other, SealUseDecider.Decide(other, beta, [], []), At.AddMinutes(10));

        var alphaOnly = await SealDecisionStore.LatestAsync(database.Runtime, [group.Alpha.Path], 2, CancellationToken.None);
        var everything = await SealDecisionStore.LatestAsync(database.Runtime, [group.Group.Path], 100, CancellationToken.None);

        Assert.Equal([2m, 1m], alphaOnly.Select(d => d.Request.Amount!.Value));
        Assert.Equal([9m, 2m, 1m, 0m], everything.Select(d => d.Request.Amount!.Value));
    }

    private static async Task<Guid> RecordAsync(PolicyDatabase database, SealUseRequest request, SealDecision decision, DateTimeOffset at)
    {
        await using var connection = await database.Runtime.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await SealDecisionStore.RecordAsync(connection, transaction, request, decision, at, CancellationToken.None);
        await transaction.CommitAsync();
        return id;
    }

    internal static Seal Seal(Hub.Activities.Organisations.Organisation holder) => new()
    {
        Id = Guid.NewGuid(), OrganisationId = holder.Id, OrganisationPath = holder.Path, OrganisationName = holder.Name,
        Type = SealType.Finance, Medium = SealMedium.Electronic, Name = holder.Name + " 财务专用章", RegisteredAt = At.AddYears(-1),
        UploadedAppearance = [1, 2, 3], CertificateSerial = "0A", KeyId = "key", Custodians = [Guid.NewGuid()],
    };

    internal static SealUseRequest Request(Seal seal, decimal amount) => new()
    {
        SealId = seal.Id, SealType = seal.Type, OrganisationId = seal.OrganisationId, OrganisationPath = seal.OrganisationPath,
        OrganisationName = seal.OrganisationName, Category = "expense", Amount = amount, Counterparty = "供应商",
        RequesterId = Guid.NewGuid(), RequesterRoles = [$"Finance@{seal.OrganisationPath}"], DefinitionId = "expense", At = At,
    };
}
