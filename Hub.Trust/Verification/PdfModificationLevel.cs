namespace Hub.Trust.Verification;

/// <summary>What later revisions changed relative to the revision a signature covers.</summary>
public enum PdfModificationLevel
{
    /// <summary>Nothing after the signature (or only new objects nothing refers to).</summary>
    None,

    /// <summary>Only new signatures, their widgets and appearances, DSS, document time-stamps, files associated with a new signature, or filling an empty signature field.</summary>
    AllowedAdditions,

    /// <summary>Other objects changed; see <see cref="PdfSignatureVerdict.ModifiedObjects"/>.</summary>
    Disallowed,
}
