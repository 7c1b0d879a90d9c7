namespace Hub.Trust.Pdf;

/// <summary>The form of a cross-reference section (ISO 32000-1 §7.5.4, §7.5.8).</summary>
internal enum PdfCrossReferenceKind
{
    /// <summary>A classic <c>xref</c> table with a <c>trailer</c> dictionary.</summary>
    Table,

    /// <summary>A cross-reference stream (<c>/Type /XRef</c>).</summary>
    Stream,

    /// <summary>A classic table whose trailer points with <c>/XRefStm</c> to a stream (hybrid-reference file, §7.5.8.4).</summary>
    Hybrid,
}
