using System.Text;

namespace Hub.Trust.Pdf;

/// <summary>A PDF string (ISO 32000-1 §7.3.4), literal <c>(…)</c> or hexadecimal <c>&lt;…&gt;</c>; it holds bytes.</summary>
internal sealed class PdfString : PdfObject
{
    private readonly byte[] _bytes;

    /// <summary>Creates a string from raw bytes, written as a hexadecimal string when <paramref name="hex"/> is set.</summary>
    public PdfString(ReadOnlySpan<byte> bytes, bool hex = false)
    {
        _bytes = bytes.ToArray();
        IsHex = hex;
    }

    /// <summary>The raw bytes of the string.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Whether the string is (or will be) written in hexadecimal form.</summary>
    public bool IsHex { get; }

    /// <summary>
    /// A text string (§7.9.2.2): UTF-16BE with byte order mark, so that any name (Chinese included) survives.
    /// </summary>
    public static PdfString FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var isAscii = text.All(c => c is >= ' ' and < (char)0x7F);
        return isAscii
            ? new PdfString(Encoding.ASCII.GetBytes(text))
            : new PdfString([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)]);
    }

    /// <summary>
    /// The bytes read as a text string (§7.9.2.2): UTF-16BE or UTF-8 when a byte order mark says so, otherwise
    /// PDFDocEncoding, approximated by Latin-1 (they differ only in rarely used punctuation).
    /// </summary>
    public string ToText()
    {
        if (_bytes is [0xFE, 0xFF, ..])
        {
            return Encoding.BigEndianUnicode.GetString(_bytes, 2, (_bytes.Length - 2) & ~1);
        }

        if (_bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            return Encoding.UTF8.GetString(_bytes, 3, _bytes.Length - 3);
        }

        return Encoding.Latin1.GetString(_bytes);
    }

    internal override void WriteTo(PdfSyntaxWriter writer)
    {
        if (IsHex)
        {
            writer.WriteHexString(_bytes);
        }
        else
        {
            writer.WriteLiteralString(_bytes);
        }
    }
}
