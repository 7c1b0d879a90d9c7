using Hub.Activities.Seals;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;

namespace Hub.Server.Api.Seals;

/// <summary>A seal as the API shows it (an uploaded appearance is fetched from <c>/appearance</c>, not inlined).</summary>
internal sealed record SealResponse(Guid Id, Guid OrganisationId, string OrganisationName, string OrganisationPath, SealType Type, string TypeName,
    SealMedium Medium, string Name, SealStatus Status, string? StatusReason, string? CertificateSerial, bool HasCertificate, bool HasUploadedAppearance,
    Guid? PersonId, string? DeviceId, string? Location, IReadOnlyList<Guid> Custodians, DateTimeOffset RegisteredAt, string? FrozenByPath)
{
    public static SealResponse From(Seal seal) => new(seal.Id, seal.OrganisationId, seal.OrganisationName, seal.OrganisationPath, seal.Type,
        seal.Type.Chinese(), seal.Medium, seal.Name, seal.Status, seal.StatusReason, seal.CertificateSerial, seal.KeyId is not null,
        seal.UploadedAppearance is not null, seal.PersonId, seal.DeviceId, seal.Location, seal.Custodians, seal.RegisteredAt, seal.FrozenByPath);
}

/// <summary>A standing grant as the API shows it.</summary>
internal sealed record SealGrantResponse(Guid Id, Guid SealId, string SealName, Guid OrganisationId, GranteeKind GranteeKind, string Grantee,
    IReadOnlyList<string> Categories, decimal? AmountLimit, string Currency, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, int? MaxUses,
    int Uses, string? RequiredDefinitionId, bool AllowsUnattended, DateTimeOffset? RevokedAt, string? RevocationReason, Guid GrantedBy,
    DateTimeOffset GrantedAt)
{
    public static SealGrantResponse From(StoredSealGrant stored)
    {
        var g = stored.Grant;
        return new(g.Id, g.SealId, stored.SealName, stored.OrganisationId, g.GranteeKind, g.Grantee, g.Categories, g.AmountLimit, g.Currency,
            g.ValidFrom, g.ValidUntil, g.MaxUses, g.Uses, g.RequiredDefinitionId, g.AllowsUnattended, g.RevokedAt, g.RevocationReason, g.GrantedBy,
            g.GrantedAt);
    }
}

/// <summary>One ledger row as the API shows it (hashes in lower-case hex).</summary>
internal sealed record SealUseResponse(Guid Id, Guid SealId, string SealName, SealType SealType, Guid OrganisationId, string OrganisationName,
    SealMedium Medium, Guid? PersonId, string? PersonName, bool Unattended, bool Emergency, Guid? InstanceId, string? DocumentSha256,
    string? SealedSha256, string? DocumentReference, Guid? StandingGrantId, Guid? SingleUseGrantId, string Category, decimal? Amount,
    string? Currency, string? Counterparty, DateTimeOffset UsedAt, string? DeviceId, string? Note)
{
    public static SealUseResponse From(SealUseRow row)
    {
        var u = row.Use;
        return new(u.Id, u.SealId, row.SealName, row.SealType, row.OrganisationId, row.OrganisationName, u.Medium, u.PersonId, row.PersonName,
            u.Unattended, u.Emergency, u.InstanceId, Hex(u.DocumentSha256), Hex(u.SealedSha256), u.DocumentReference, u.StandingGrantId,
            u.SingleUseGrantId, u.Category, u.Amount, u.Currency, u.Counterparty, u.UsedAt, u.DeviceId, u.Note);
    }

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexStringLower(bytes);
}

/// <summary>One page of the ledger, newest first.</summary>
internal sealed record SealUsePage(IReadOnlyList<SealUseResponse> Items, int Offset, int Limit, bool More);

/// <summary>The group dashboard: uses per seal and per entity, and the figures other modules add (refusals, overdue reviews).</summary>
internal sealed record SealDashboardResponse(long Uses, long Unattended, long Emergencies, long FrozenSeals, IReadOnlyList<SealFigures> Seals,
    IReadOnlyList<EntityFigures> Entities, IReadOnlyDictionary<string, long> Figures);
