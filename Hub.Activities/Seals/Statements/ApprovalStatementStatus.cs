namespace Hub.Activities.Seals.Statements;

/// <summary>
/// The one-word outcome of checking a seal's approval statement; the first failing check, in the order listed, names it.
/// </summary>
public enum ApprovalStatementStatus
{
    /// <summary>The statement is present, signed by a trusted platform, matches its seal and the document before the seal.</summary>
    Valid,

    /// <summary>The seal neither carries a statement digest nor a statement: it was not applied through an approval flow.</summary>
    NoStatement,

    /// <summary>The seal signed a statement digest, but the file carries no statement for it.</summary>
    Missing,

    /// <summary>The statement file is not a platform-signed statement this Hub reads (not CMS, truncated, too large, wrong content, bad JSON).</summary>
    Malformed,

    /// <summary>The platform's signature over the statement does not verify: the statement was altered.</summary>
    PlatformSignatureInvalid,

    /// <summary>The platform's certificate does not chain to a trust anchor.</summary>
    PlatformUntrusted,

    /// <summary>The statement is not the one the seal signed (e.g. swapped in from another instance), or the seal signed no digest.</summary>
    DoesNotMatchSeal,

    /// <summary>The seal itself is broken or the file was changed after it in ways not allowed: nothing it carries can be relied on.</summary>
    SealNotIntact,

    /// <summary>The statement was made for another document: its document hash is not the file as it was before this seal.</summary>
    DocumentMismatch,
}
