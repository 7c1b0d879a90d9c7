namespace Hub.Trust.Pdf;

/// <summary>The kind of value a <see cref="PdfPlaceholder"/> reserves room for.</summary>
internal enum PdfPlaceholderKind
{
    /// <summary>A hexadecimal string <c>&lt;00…&gt;</c>, patched with bytes.</summary>
    HexString,

    /// <summary>Raw PDF syntax padded with spaces, patched with ASCII text.</summary>
    Text,
}
