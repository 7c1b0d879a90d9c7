namespace Hub.Server.Seals;

/// <summary>How a refused seal-ledger act maps to HTTP (one place: <c>Api/Seals/SealProblems</c>).</summary>
internal enum SealRefusalKind
{
    /// <summary>No such seal, grant or use in the caller's view.</summary>
    NotFound,

    /// <summary>The caller may see it but not do this.</summary>
    Forbidden,

    /// <summary>The thing is in a state that does not allow the act (a revoked seal, a grant already revoked).</summary>
    Conflict,

    /// <summary>The request is well-formed but its content does not hold (a custodian outside the subtree, a bad PNG).</summary>
    Invalid,
}

/// <summary>A refused act on the seal ledger, as data: a stable code and a sentence saying why.</summary>
/// <param name="Kind">How it maps to HTTP.</param>
/// <param name="Code">A stable machine code, e.g. <c>seal-revoked</c>.</param>
/// <param name="Message">The reason, naming the seal or grant.</param>
internal sealed record SealRefusal(SealRefusalKind Kind, string Code, string Message)
{
    public static SealRefusal SealNotFound(Guid id) => new(SealRefusalKind.NotFound, "seal-not-found", $"Seal {id} does not exist.");

    public static SealRefusal GrantNotFound(Guid id) => new(SealRefusalKind.NotFound, "grant-not-found", $"Seal grant {id} does not exist.");
}

/// <summary>The outcome of a seal-ledger act: its value, or the refusal.</summary>
internal readonly record struct SealOutcome<T>(T? Value, SealRefusal? Refusal)
{
    public static implicit operator SealOutcome<T>(T value) => new(value, null);

    public static implicit operator SealOutcome<T>(SealRefusal refusal) => new(default, refusal);
}
