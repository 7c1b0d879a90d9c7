using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace Hub.Trust.Pdf;

/// <summary>
/// Serialises objects into a pooled buffer, inserting a space only where two regular tokens would otherwise merge
/// (ISO 32000-1 §7.2.2), and records where placeholders landed.
/// </summary>
internal sealed class PdfSyntaxWriter : IDisposable
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public int Length => _length;

    public List<(PdfPlaceholder Placeholder, int Position)> Placeholders { get; } = [];

    public void WriteToken(ReadOnlySpan<byte> token)
    {
        if (_length > 0 && token.Length > 0 && IsRegular(_buffer[_length - 1]) && IsRegular(token[0]))
        {
            Append((byte)' ');
        }

        Append(token);
    }

    public void WriteDelimiter(byte delimiter) => Append(delimiter);

    public void WriteDelimiter(ReadOnlySpan<byte> delimiter) => Append(delimiter);

    public void WriteRaw(ReadOnlySpan<byte> bytes) => Append(bytes);

    public void WriteInteger(long value)
    {
        Span<byte> digits = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, digits, out var written);
        WriteToken(digits[..written]);
    }

    public void WriteReal(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "PDF reals must be finite (ISO 32000-1 §7.3.3).");
        }

        // §7.3.3: no exponent form; 0.########## keeps what a viewer can use.
        var text = value.ToString("0.##########", CultureInfo.InvariantCulture);
        WriteToken(System.Text.Encoding.ASCII.GetBytes(text));
    }

    public void WriteHexString(ReadOnlySpan<byte> bytes)
    {
        Append((byte)'<');
        var hex = Ensure(bytes.Length * 2);
        for (var i = 0; i < bytes.Length; i++)
        {
            hex[2 * i] = HexDigits[bytes[i] >> 4];
            hex[(2 * i) + 1] = HexDigits[bytes[i] & 0xF];
        }

        _length += bytes.Length * 2;
        Append((byte)'>');
    }

    public void WriteLiteralString(ReadOnlySpan<byte> bytes)
    {
        // §7.3.4.2: parentheses and backslash are escaped; CR is escaped so no reader folds it into LF.
        Append((byte)'(');
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    Append((byte)'\\');
                    Append(b);
                    break;
                case (byte)'\r':
                    Append("\\r"u8);
                    break;
                default:
                    Append(b);
                    break;
            }
        }

        Append((byte)')');
    }

    public void WritePlaceholder(PdfPlaceholder placeholder)
    {
        if (_length > 0 && IsRegular(_buffer[_length - 1]))
        {
            Append((byte)' ');
        }

        Placeholders.Add((placeholder, _length));
        var span = Ensure(placeholder.Width);
        if (placeholder.Kind == PdfPlaceholderKind.HexString)
        {
            span[..placeholder.Width].Fill((byte)'0');
            span[0] = (byte)'<';
            span[placeholder.Width - 1] = (byte)'>';
        }
        else
        {
            span[..placeholder.Width].Fill((byte)' ');
            span[0] = (byte)'[';
            span[1] = (byte)']';
        }

        _length += placeholder.Width;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private static bool IsRegular(byte b) => !PdfLexer.IsWhitespace(b) && !PdfLexer.IsDelimiter(b);

    private void Append(byte b)
    {
        Ensure(1)[0] = b;
        _length++;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Ensure(bytes.Length));
        _length += bytes.Length;
    }

    // Returns free space of at least `count` bytes after the written part; single-byte Append advances itself.
    private Span<byte> Ensure(int count)
    {
        if (_buffer.Length - _length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(_length);
    }
}
