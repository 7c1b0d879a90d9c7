namespace Hub.Activities.Seals;

/// <summary>
/// One seal in the group's ledger: electronic (bound to the holder's certificate and signing key) or physical (a stamp
/// or device kept by a custodian). The ledger covers both, so every use of either is recorded in one place.
/// </summary>
public sealed record Seal
{
    /// <summary>The seal's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The legal entity (or, for <see cref="SealType.Personal"/>, the person's organisation) holding it.</summary>
    public required Guid OrganisationId { get; init; }

    /// <summary>The holder's path in the organisation tree.</summary>
    public required string OrganisationPath { get; init; }

    /// <summary>The holder's registered name.</summary>
    public required string OrganisationName { get; init; }

    /// <summary>The seal's type.</summary>
    public required SealType Type { get; init; }

    /// <summary>Electronic or physical.</summary>
    public required SealMedium Medium { get; init; }

    /// <summary>The name shown in the ledger, e.g. 华东贸易有限公司 财务专用章.</summary>
    public required string Name { get; init; }

    /// <summary>Active, frozen or revoked.</summary>
    public SealStatus Status { get; init; } = SealStatus.Active;

    /// <summary>Why it was frozen or revoked; null while active.</summary>
    public string? StatusReason { get; init; }

    /// <summary>Frozen: the organisation level whose authority froze it (group HQ's path when HQ froze a subsidiary's
    /// seal); only an administrator over that level may thaw it. Null unless frozen.</summary>
    public string? FrozenByPath { get; init; }

    /// <summary>Electronic: the serial (hex) of the certificate it signs with. Null for a physical seal.</summary>
    public string? CertificateSerial { get; init; }

    /// <summary>Electronic: the id of its signing key in the key store. Null for a physical seal.</summary>
    public string? KeyId { get; init; }

    /// <summary>Electronic: an uploaded appearance (PNG); null when the trust layer draws the standard one.</summary>
    public byte[]? UploadedAppearance { get; init; }

    /// <summary>For a personal seal: the person (user id) it belongs to.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>Physical: the stamping device's id.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Physical: where it is kept.</summary>
    public string? Location { get; init; }

    /// <summary>The users who keep the seal and confirm its uses (印章管理员).</summary>
    public IReadOnlyList<Guid> Custodians { get; init; } = [];

    /// <summary>When it was registered.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }
}
