namespace Hub.Trust.Pdf;

/// <summary>A PDF real number (ISO 32000-1 §7.3.3), written without exponent as the syntax requires.</summary>
internal sealed class PdfReal(double value) : PdfObject
{
    /// <summary>The value.</summary>
    public double Value { get; } = value;

    internal override void WriteTo(PdfSyntaxWriter writer) => writer.WriteReal(Value);
}
