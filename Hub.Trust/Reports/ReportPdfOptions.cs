namespace Hub.Trust.Reports;

/// <summary>How <see cref="ReportPdf"/> writes a document.</summary>
public sealed class ReportPdfOptions
{
    /// <summary>A TrueType ('glyf' outline) font with the CJK glyphs; null locates AR PL UMing as the seals do.</summary>
    public string? FontPath { get; init; }

    /// <summary>The creation time written to the document information.</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>The document's natural language (catalog /Lang), which screen readers and text extraction use.</summary>
    public string Language { get; init; } = "zh-CN";

    /// <summary>The page footer; {0} is the page number and {1} the page count. Null for none.</summary>
    public string? Footer { get; init; } = "第 {0} 页，共 {1} 页";
}
