namespace Hub.Trust.Pdf;

/// <summary>The PDF null object (ISO 32000-1 §7.3.9); also what a reference to a missing or free object resolves to.</summary>
internal sealed class PdfNull : PdfObject
{
    private PdfNull()
    {
    }

    /// <summary>The single null instance.</summary>
    public static PdfNull Instance { get; } = new();

    internal override void WriteTo(PdfSyntaxWriter writer) => writer.WriteToken("null"u8);
}
