namespace Hub.Server.Documents;

/// <summary>What a document search asks for; null filters match everything. Pages count from 1.</summary>
internal sealed record DocumentQuery
{
    public string? OrganisationPath { get; init; }
    public string? Category { get; init; }
    public string? Counterparty { get; init; }

    /// <summary>generated, sealed, evidence-report or archived.</summary>
    public string? Status { get; init; }

    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? Before { get; init; }
    public string? TitleContains { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}
