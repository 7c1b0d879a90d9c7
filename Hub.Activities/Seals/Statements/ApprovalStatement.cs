namespace Hub.Activities.Seals.Statements;

/// <summary>
/// What authorised one seal, as the Hub recorded it: the flow instance and definition, the organisation, the exact
/// document, the seal, every decision, the single-use grant and the policy that allowed it. Signed by the platform and
/// embedded in the sealed PDF, with its digest in the seal's CMS signed attributes, so the approval behind a seal can
/// be proved from the file alone, offline (DESIGN.md §5; issue 11 item 5). Serialised by
/// <see cref="ApprovalStatementJson"/> to canonical JSON.
/// </summary>
public sealed record ApprovalStatement
{
    /// <summary>The version of this format written by the Hub today.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The format version; readers refuse versions they do not know.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The workflow instance that approved the seal use.</summary>
    public required Guid InstanceId { get; init; }

    /// <summary>The definition's logical id.</summary>
    public required string DefinitionId { get; init; }

    /// <summary>The definition version the instance ran.</summary>
    public required int DefinitionVersion { get; init; }

    /// <summary>The organisation that holds the seal.</summary>
    public required Guid OrganisationId { get; init; }

    /// <summary>Its materialised path in the organisation tree, e.g. <c>/g/east/</c>.</summary>
    public required string OrganisationPath { get; init; }

    /// <summary>Its registered name.</summary>
    public required string OrganisationName { get; init; }

    /// <summary>
    /// SHA-256 of the exact PDF bytes presented for sealing (the file before this seal's revision), lowercase hex.
    /// </summary>
    public required string DocumentSha256 { get; init; }

    /// <summary>The seal.</summary>
    public required Guid SealId { get; init; }

    /// <summary>The seal's type.</summary>
    public required SealType SealType { get; init; }

    /// <summary>The seal's name, e.g. 华东贸易有限公司财务专用章.</summary>
    public required string SealName { get; init; }

    /// <summary>The serial number of the seal's certificate, uppercase hex as <c>X509Certificate2.SerialNumber</c> gives it.</summary>
    public required string CertificateSerial { get; init; }

    /// <summary>Every decision of the instance that led to the seal, in the order they were made.</summary>
    public required IReadOnlyList<RecordedApproval> Decisions { get; init; }

    /// <summary>The single-use seal grant this seal consumed.</summary>
    public required Guid GrantId { get; init; }

    /// <summary>When that grant would have expired.</summary>
    public required DateTimeOffset GrantExpiresAt { get; init; }

    /// <summary>The standing grant (印章授权) that allowed the use, when one did.</summary>
    public Guid? StandingGrantId { get; init; }

    /// <summary>The policy rules that decided.</summary>
    public IReadOnlyList<Guid> PolicyRuleIds { get; init; } = [];

    /// <summary>The policy decision's explanation, in Chinese and English.</summary>
    public IReadOnlyList<Explanation> PolicyExplanation { get; init; } = [];

    /// <summary>Whether the seal was applied without a person (a grant allowed unattended use).</summary>
    public bool Unattended { get; init; }

    /// <summary>Whether this was emergency stamping (expedited approval, review to follow).</summary>
    public bool Emergency { get; init; }

    /// <summary>When the platform issued the statement.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>Value equality over the lists' contents too (the record's own compares list references).</summary>
    public bool Equals(ApprovalStatement? other) =>
        other is not null && ApprovalStatementJson.Serialise(this).AsSpan().SequenceEqual(ApprovalStatementJson.Serialise(other));

    /// <inheritdoc/>
    public override int GetHashCode() => InstanceId.GetHashCode() ^ SealId.GetHashCode();
}
