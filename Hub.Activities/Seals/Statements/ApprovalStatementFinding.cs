namespace Hub.Activities.Seals.Statements;

/// <summary>
/// What <see cref="ApprovalStatementCheck"/> found for one seal, with each dimension kept apart and a
/// <see cref="Status"/> naming the first that failed.
/// </summary>
public sealed record ApprovalStatementFinding
{
    /// <summary>The seal's signature field.</summary>
    public required string FieldName { get; init; }

    /// <summary>The outcome.</summary>
    public required ApprovalStatementStatus Status { get; init; }

    /// <summary>Whether the file carries a statement with this seal.</summary>
    public bool Present { get; init; }

    /// <summary>Whether the seal's CMS signed a statement digest.</summary>
    public bool SealCarriesDigest { get; init; }

    /// <summary>Whether the platform's CMS signature over the statement verifies.</summary>
    public bool PlatformSignatureValid { get; init; }

    /// <summary>Whether the platform's certificate chains to a trust anchor.</summary>
    public bool PlatformTrusted { get; init; }

    /// <summary>The platform certificate's subject, when the statement could be read.</summary>
    public string? PlatformSigner { get; init; }

    /// <summary>Whether the SHA-256 of the statement's content equals the digest the seal signed.</summary>
    public bool MatchesSeal { get; init; }

    /// <summary>Whether the statement's document hash equals the SHA-256 of the file before this seal's revision.</summary>
    public bool MatchesDocument { get; init; }

    /// <summary>The decoded statement (who approved what, under which grant and policy), when it could be read.</summary>
    public ApprovalStatement? Statement { get; init; }

    /// <summary>One sentence per failed check.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
