namespace Hub.Trust.Pdf;

/// <summary>A PDF integer (ISO 32000-1 §7.3.3).</summary>
internal sealed class PdfInteger(long value) : PdfObject
{
    /// <summary>The value.</summary>
    public long Value { get; } = value;

    internal override void WriteTo(PdfSyntaxWriter writer) => writer.WriteInteger(Value);
}
