using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Hub.Trust.Pdf;

/// <summary>
/// Tokenizer over the file's bytes (ISO 32000-1 §7.2). It never allocates: strings and names are returned as ranges
/// and decoded by <see cref="PdfObjectParser"/> when needed.
/// </summary>
internal ref struct PdfLexer(ReadOnlySpan<byte> data, int position)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; set; } = position;

    public readonly ReadOnlySpan<byte> Data => _data;

    // §7.2.2 Table 1: NUL, HT, LF, FF, CR, SP.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    // §7.2.2 Table 2.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']'
        or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsRegular(byte b) => !IsWhitespace(b) && !IsDelimiter(b);

    public void SkipWhitespaceAndComments()
    {
        var data = _data;
        var i = Position;
        while (i < data.Length)
        {
            var b = data[i];
            if (IsWhitespace(b))
            {
                i++;
            }
            else if (b == (byte)'%')
            {
                // §7.2.3: a comment runs to the end of the line.
                while (i < data.Length && data[i] != (byte)'\n' && data[i] != (byte)'\r')
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        Position = i;
    }

    public PdfToken Peek()
    {
        var saved = Position;
        var token = Next();
        Position = saved;
        return token;
    }

    public PdfToken Next()
    {
        SkipWhitespaceAndComments();
        var data = _data;
        var start = Position;
        if (start >= data.Length)
        {
            return new PdfToken(PdfTokenKind.EndOfInput, start, start);
        }

        switch (data[start])
        {
            case (byte)'[':
                Position = start + 1;
                return new PdfToken(PdfTokenKind.ArrayStart, start, start + 1);
            case (byte)']':
                Position = start + 1;
                return new PdfToken(PdfTokenKind.ArrayEnd, start, start + 1);
            case (byte)'<' when start + 1 < data.Length && data[start + 1] == (byte)'<':
                Position = start + 2;
                return new PdfToken(PdfTokenKind.DictionaryStart, start, start + 2);
            case (byte)'>' when start + 1 < data.Length && data[start + 1] == (byte)'>':
                Position = start + 2;
                return new PdfToken(PdfTokenKind.DictionaryEnd, start, start + 2);
            case (byte)'<':
                return LexHexString(start);
            case (byte)'(':
                return LexLiteralString(start);
            case (byte)'/':
                return LexName(start);
            case (byte)')' or (byte)'>' or (byte)'{' or (byte)'}':
                return ThrowHelper.Syntax<PdfToken>($"unexpected '{(char)data[start]}'", start);
            default:
                return LexRegular(start);
        }
    }

    /// <summary>Whether the bytes at <paramref name="at"/> are <paramref name="keyword"/> followed by a non-regular byte.</summary>
    public readonly bool IsKeywordAt(int at, ReadOnlySpan<byte> keyword) =>
        at >= 0 && at + keyword.Length <= _data.Length && _data.Slice(at, keyword.Length).SequenceEqual(keyword)
        && (at + keyword.Length == _data.Length || !IsRegular(_data[at + keyword.Length]));

    private PdfToken LexHexString(int start)
    {
        var end = _data[(start + 1)..].IndexOf((byte)'>');
        if (end < 0)
        {
            return ThrowHelper.Syntax<PdfToken>("unterminated hexadecimal string", start);
        }

        Position = start + 1 + end + 1;
        return new PdfToken(PdfTokenKind.HexString, start, Position);
    }

    private PdfToken LexLiteralString(int start)
    {
        var data = _data;
        var depth = 0;
        for (var i = start; i < data.Length; i++)
        {
            switch (data[i])
            {
                case (byte)'\\':
                    i++;
                    break;
                case (byte)'(':
                    depth++;
                    break;
                case (byte)')':
                    if (--depth == 0)
                    {
                        Position = i + 1;
                        return new PdfToken(PdfTokenKind.LiteralString, start, Position);
                    }

                    break;
            }
        }

        return ThrowHelper.Syntax<PdfToken>("unterminated literal string", start);
    }

    private PdfToken LexName(int start)
    {
        var i = start + 1;
        while (i < _data.Length && IsRegular(_data[i]))
        {
            i++;
        }

        Position = i;
        return new PdfToken(PdfTokenKind.Name, start, i);
    }

    private PdfToken LexRegular(int start)
    {
        var i = start;
        while (i < _data.Length && IsRegular(_data[i]))
        {
            i++;
        }

        Position = i;
        var text = _data[start..i];
        if (LooksNumeric(text))
        {
            if (!text.Contains((byte)'.') && Utf8Parser.TryParse(text, out long integer, out var used) && used == text.Length)
            {
                return new PdfToken(PdfTokenKind.Integer, start, i, Integer: integer);
            }

            if (TryParseReal(text, out var real))
            {
                return new PdfToken(PdfTokenKind.Real, start, i, Real: real);
            }
        }

        return new PdfToken(PdfTokenKind.Keyword, start, i);
    }

    private static bool LooksNumeric(ReadOnlySpan<byte> text)
    {
        var b = text[0];
        return b is (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'-' or (byte)'.';
    }

    // §7.3.3: [+-]digits[.digits] or [+-].digits, no exponent; integers too large for long become reals.
    private static bool TryParseReal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = text[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        var digits = 0;
        var dots = 0;
        for (var j = i; j < text.Length; j++)
        {
            if (text[j] == (byte)'.')
            {
                dots++;
            }
            else if (text[j] is >= (byte)'0' and <= (byte)'9')
            {
                digits++;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || dots > 1)
        {
            return false;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
