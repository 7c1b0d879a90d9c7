namespace Hub.Activities.Seals;

/// <summary>
/// What is asked when someone (or an unattended flow) wants to use a seal: the facts a grant and the group policy are
/// judged against. Stored with every decision, so a changed policy can be dry-run against past requests.
/// </summary>
public sealed record SealUseRequest
{
    /// <summary>The seal asked for.</summary>
    public required Guid SealId { get; init; }

    /// <summary>The seal's type (policy rules are often written per type).</summary>
    public required SealType SealType { get; init; }

    /// <summary>The organisation that holds the seal, by id.</summary>
    public required Guid OrganisationId { get; init; }

    /// <summary>Its materialised path in the organisation tree (<c>/root/…/</c>); rules of every ancestor apply.</summary>
    public required string OrganisationPath { get; init; }

    /// <summary>The organisation's registered name, for explanations.</summary>
    public required string OrganisationName { get; init; }

    /// <summary>Document category, e.g. <c>expense</c>, <c>procurement-contract</c>, <c>labour-contract</c>.</summary>
    public required string Category { get; init; }

    /// <summary>The amount the document commits to, when it has one.</summary>
    public decimal? Amount { get; init; }

    /// <summary>ISO 4217 currency of <see cref="Amount"/>; CNY unless stated.</summary>
    public string Currency { get; init; } = "CNY";

    /// <summary>The counterparty's name, when there is one.</summary>
    public string? Counterparty { get; init; }

    /// <summary>The person asking (the applicant of the flow, or the person stamping); null for an unattended flow.</summary>
    public Guid? RequesterId { get; init; }

    /// <summary>The requester's roles, as <c>Role@organisation-path</c>.</summary>
    public IReadOnlyList<string> RequesterRoles { get; init; } = [];

    /// <summary>The requester's home department path, when a person asks.</summary>
    public string? RequesterDepartmentPath { get; init; }

    /// <summary>The workflow definition whose approval precedes the use, when one does.</summary>
    public string? DefinitionId { get; init; }

    /// <summary>The approvals already given, as the Hub recorded them.</summary>
    public IReadOnlyList<RecordedApproval> Approvals { get; init; } = [];

    /// <summary>Whether no person will stamp (a flow seals on its own).</summary>
    public bool Unattended { get; init; }

    /// <summary>Whether this is an emergency use (expedited approval, mandatory review afterwards).</summary>
    public bool Emergency { get; init; }

    /// <summary>When the use is asked for.</summary>
    public required DateTimeOffset At { get; init; }
}
