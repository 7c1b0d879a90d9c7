using Hub.Activities.Seals;
using Hub.Activities.Seals.Use;

namespace Hub.Activities.Tests.Seals;

public sealed class SealUseGrantTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private static readonly string Document = new('a', 64);
    private static readonly Guid Instance = Guid.NewGuid();

    private static readonly Seal FinanceSeal = new()
    {
        Id = Guid.NewGuid(), OrganisationId = Guid.NewGuid(), OrganisationPath = "/g/east/", OrganisationName = "华东贸易有限公司",
        Type = SealType.Finance, Medium = SealMedium.Electronic, Name = "华东贸易有限公司 财务专用章", RegisteredAt = Issued,
    };

    private static SealUseGrant Grant() => new()
    {
        Id = Guid.NewGuid(), SealId = FinanceSeal.Id, OrganisationPath = "/g/east/", DocumentSha256 = Document, InstanceId = Instance,
        DefinitionId = "expense-reimbursement", DefinitionVersion = 1, IssuedAt = Issued, ExpiresAt = Issued.AddHours(1),
        Request = new SealUseRequest
        {
            SealId = FinanceSeal.Id, SealType = SealType.Finance, OrganisationId = FinanceSeal.OrganisationId, OrganisationPath = "/g/east/",
            OrganisationName = "华东贸易有限公司", Category = "expense", At = Issued,
        },
    };

    [Fact]
    public void RefuseUse_TheApprovedDocumentInTime_IsAllowed() =>
        Assert.Null(Grant().RefuseUse(FinanceSeal, Instance, "/g/east/fin/", Document, "k1", Issued.AddMinutes(5)));

    [Fact]
    public void RefuseUse_AnotherDocument_IsRefusedNamingBoth()
    {
        var refusal = Grant().RefuseUse(FinanceSeal, Instance, "/g/east/", new string('b', 64), "k1", Issued.AddMinutes(5));
        Assert.Equal("wrong-document", refusal?.Code);
        Assert.Contains("aaaaaaaaaaaa", refusal!.Chinese, StringComparison.Ordinal);
        Assert.Contains("bbbbbbbbbbbb", refusal.English, StringComparison.Ordinal);
    }

    [Fact]
    public void RefuseUse_AtOrAfterExpiry_IsRefused()
    {
        var grant = Grant();
        Assert.Equal("grant-expired", grant.RefuseUse(FinanceSeal, Instance, "/g/east/", Document, "k1", grant.ExpiresAt)?.Code);
        Assert.Null(grant.RefuseUse(FinanceSeal, Instance, "/g/east/", Document, "k1", grant.ExpiresAt.AddTicks(-1)));
    }

    [Fact]
    public void RefuseUse_ASecondUse_IsRefusedButTheSameEffectIsNot()
    {
        var used = Grant() with { UsedAt = Issued.AddMinutes(1), UsedBy = "k1", SealedDocumentSha256 = new string('c', 64) };
        Assert.Equal("grant-used", used.RefuseUse(FinanceSeal, Instance, "/g/east/", Document, "k2", Issued.AddMinutes(2))?.Code);
        // The effect that used it is redelivered after a crash: not refused, so the caller returns the recorded result,
        // even after the expiry.
        Assert.Null(used.RefuseUse(FinanceSeal, Instance, "/g/east/", Document, "k1", Issued.AddDays(2)));
    }

    [Fact]
    public void RefuseUse_FrozenOrRevokedSeal_IsRefusedWithItsReason()
    {
        var frozen = FinanceSeal with { Status = SealStatus.Frozen, StatusReason = "审计冻结" };
        var revoked = FinanceSeal with { Status = SealStatus.Revoked, StatusReason = "印章遗失" };
        Assert.Contains("审计冻结", Grant().RefuseUse(frozen, Instance, "/g/east/", Document, "k", Issued)!.Chinese, StringComparison.Ordinal);
        Assert.Equal("seal-revoked", Grant().RefuseUse(revoked, Instance, "/g/east/", Document, "k", Issued)?.Code);
    }

    [Fact]
    public void RefuseUse_RevokedGrant_AnotherInstanceOrOrganisation_AreRefused()
    {
        Assert.Equal("grant-revoked", (Grant() with { RevokedAt = Issued, RevocationReason = "申请撤回" })
            .RefuseUse(FinanceSeal, Instance, "/g/east/", Document, "k", Issued)?.Code);
        Assert.Equal("wrong-instance", Grant().RefuseUse(FinanceSeal, Guid.NewGuid(), "/g/east/", Document, "k", Issued)?.Code);
        Assert.Equal("wrong-organisation", Grant().RefuseUse(FinanceSeal, Instance, "/g/south/", Document, "k", Issued)?.Code);
        Assert.Equal("wrong-seal", Grant().RefuseUse(FinanceSeal with { Id = Guid.NewGuid() }, Instance, "/g/east/", Document, "k", Issued)?.Code);
    }

    [Fact]
    public void RefuseUse_PhysicalSeal_CannotBeAppliedElectronically() =>
        Assert.Equal("seal-physical", Grant().RefuseUse(FinanceSeal with { Medium = SealMedium.Physical }, Instance, "/g/east/", Document, "k", Issued)?.Code);
}
