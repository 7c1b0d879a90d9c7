using System.Text;

namespace Hub.Trust.Pdf;

/// <summary>
/// A PDF name such as <c>/Type</c> (ISO 32000-1 §7.3.5); <see cref="Value"/> holds it decoded, without the slash, one
/// character per byte (Latin-1), so names read and written again keep their exact bytes.
/// </summary>
internal sealed class PdfName : PdfObject, IEquatable<PdfName>
{
    /// <summary>Creates a name from its decoded value (without the leading slash).</summary>
    public PdfName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The decoded name, without the slash.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public bool Equals(PdfName? other) => other is not null && string.Equals(other.Value, Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PdfName);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    internal override void WriteTo(PdfSyntaxWriter writer)
    {
        // §7.3.5: bytes outside the regular printable range, delimiters and '#' are written as #xx.
        var bytes = Encoding.Latin1.GetBytes(Value);
        var text = new StringBuilder(bytes.Length + 1).Append('/');
        foreach (var b in bytes)
        {
            if (b < 0x21 || b > 0x7E || b == (byte)'#' || PdfLexer.IsDelimiter(b))
            {
                text.Append('#').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append((char)b);
            }
        }

        writer.WriteToken(Encoding.ASCII.GetBytes(text.ToString()));

        // The empty name "/" ends in a delimiter, so a following number would otherwise join it ("/6" instead of "/ 6").
        if (bytes.Length == 0)
        {
            writer.WriteRaw(" "u8);
        }
    }
}
