namespace Hub.Trust.Pdf;

/// <summary>A PDF boolean (ISO 32000-1 §7.3.2).</summary>
internal sealed class PdfBoolean : PdfObject
{
    private PdfBoolean(bool value) => Value = value;

    /// <summary>The <c>true</c> object.</summary>
    public static PdfBoolean True { get; } = new(true);

    /// <summary>The <c>false</c> object.</summary>
    public static PdfBoolean False { get; } = new(false);

    /// <summary>The value.</summary>
    public bool Value { get; }

    /// <summary>The shared instance for <paramref name="value"/>.</summary>
    public static PdfBoolean Of(bool value) => value ? True : False;

    internal override void WriteTo(PdfSyntaxWriter writer) => writer.WriteToken(Value ? "true"u8 : "false"u8);
}
