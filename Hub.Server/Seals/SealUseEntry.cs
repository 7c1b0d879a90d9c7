using Hub.Activities.Seals;

namespace Hub.Server.Seals;

/// <summary>
/// One row of the seal-use ledger (<c>hub.seal_uses</c>): an electronic seal the sealing path applied or a physical
/// stamp a custodian recorded. Unattended uses name no person; every other use names who stamped.
/// </summary>
internal sealed record SealUseEntry
{
    /// <summary>The use's id (the sealing path may reuse its effect's id, so a retry finds its own row).</summary>
    public required Guid Id { get; init; }

    /// <summary>The seal used.</summary>
    public required Guid SealId { get; init; }

    /// <summary>The path of the organisation holding the seal when it was used (the ledger is scoped by it).</summary>
    public required string OrganisationPath { get; init; }

    /// <summary>Electronic or physical.</summary>
    public required SealMedium Medium { get; init; }

    /// <summary>Who stamped; null exactly when <see cref="Unattended"/>.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>A flow sealed with no person stamping.</summary>
    public bool Unattended { get; init; }

    /// <summary>An emergency use (expedited approval, review afterwards).</summary>
    public bool Emergency { get; init; }

    /// <summary>The workflow instance that sealed or asked for the use, when one did.</summary>
    public Guid? InstanceId { get; init; }

    /// <summary>SHA-256 of the document before sealing (32 bytes); null for a physical use of a paper document.</summary>
    public byte[]? DocumentSha256 { get; init; }

    /// <summary>SHA-256 of the sealed document (32 bytes); null for a physical use.</summary>
    public byte[]? SealedSha256 { get; init; }

    /// <summary>A physical use: the paper document's reference (contract number, file number); required when there is no hash.</summary>
    public string? DocumentReference { get; init; }

    /// <summary>The standing grant (印章授权) the use was counted against, if any.</summary>
    public Guid? StandingGrantId { get; init; }

    /// <summary>The single-use seal grant the sealing path consumed, if any.</summary>
    public Guid? SingleUseGrantId { get; init; }

    /// <summary>Document category, e.g. <c>expense</c>.</summary>
    public required string Category { get; init; }

    /// <summary>The amount the document commits to, when it has one.</summary>
    public decimal? Amount { get; init; }

    /// <summary>ISO 4217 currency of <see cref="Amount"/>.</summary>
    public string? Currency { get; init; }

    /// <summary>The counterparty, when there is one.</summary>
    public string? Counterparty { get; init; }

    /// <summary>When the seal was applied or stamped.</summary>
    public required DateTimeOffset UsedAt { get; init; }

    /// <summary>Physical: the stamping device.</summary>
    public string? DeviceId { get; init; }

    /// <summary>A free note.</summary>
    public string? Note { get; init; }
}
