using System.Text;

namespace Hub.Trust.Pdf;

/// <summary>
/// Parses direct objects from a <see cref="PdfLexer"/> (ISO 32000-1 §7.3), bounded by
/// <see cref="PdfReaderOptions.MaxNestingDepth"/> so that 100,000 nested '[' cannot exhaust the stack.
/// </summary>
internal static class PdfObjectParser
{
    public static PdfObject Parse(ref PdfLexer lexer, int maxDepth) => Parse(ref lexer, maxDepth, 0);

    private static PdfObject Parse(ref PdfLexer lexer, int maxDepth, int depth)
    {
        var token = lexer.Next();
        switch (token.Kind)
        {
            case PdfTokenKind.Integer:
                return ParseIntegerOrReference(ref lexer, token);
            case PdfTokenKind.Real:
                return new PdfReal(token.Real);
            case PdfTokenKind.Name:
                return new PdfName(DecodeName(lexer.Data[(token.Start + 1)..token.End]));
            case PdfTokenKind.LiteralString:
                return new PdfString(DecodeLiteral(lexer.Data[(token.Start + 1)..(token.End - 1)]));
            case PdfTokenKind.HexString:
                return new PdfString(DecodeHex(lexer.Data[(token.Start + 1)..(token.End - 1)], token.Start), hex: true);
            case PdfTokenKind.ArrayStart:
                CheckDepth(depth, maxDepth, token.Start);
                return ParseArray(ref lexer, maxDepth, depth + 1, token.Start);
            case PdfTokenKind.DictionaryStart:
                CheckDepth(depth, maxDepth, token.Start);
                return ParseDictionary(ref lexer, maxDepth, depth + 1, token.Start);
            case PdfTokenKind.Keyword:
                var word = lexer.Data[token.Start..token.End];
                if (word.SequenceEqual("null"u8))
                {
                    return PdfNull.Instance;
                }

                if (word.SequenceEqual("true"u8))
                {
                    return PdfBoolean.True;
                }

                if (word.SequenceEqual("false"u8))
                {
                    return PdfBoolean.False;
                }

                return ThrowHelper.Syntax<PdfObject>($"unexpected keyword '{Printable(word)}' where an object was expected", token.Start);
            case PdfTokenKind.EndOfInput:
                return ThrowHelper.Syntax<PdfObject>("input ends where an object was expected", token.Start);
            default:
                return ThrowHelper.Syntax<PdfObject>($"unexpected '{Printable(lexer.Data[token.Start..token.End])}' where an object was expected", token.Start);
        }
    }

    /// <summary>Up to 40 bytes of <paramref name="bytes"/> as printable ASCII, for messages.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, 40)])
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return text.ToString();
    }

    private static void CheckDepth(int depth, int maxDepth, int offset)
    {
        if (depth >= maxDepth)
        {
            ThrowHelper.Format($"PDF nests arrays or dictionaries deeper than the reader limit MaxNestingDepth ({maxDepth}) at byte {offset}.");
        }
    }

    private static PdfObject ParseIntegerOrReference(ref PdfLexer lexer, PdfToken first)
    {
        // §7.3.10: "n g R" is recognised by looking two tokens ahead.
        var saved = lexer.Position;
        var second = lexer.Next();
        if (second.Kind == PdfTokenKind.Integer)
        {
            var third = lexer.Next();
            if (third.Kind == PdfTokenKind.Keyword && third.Length == 1 && lexer.Data[third.Start] == (byte)'R')
            {
                if (first.Integer is < 1 or > int.MaxValue || second.Integer is < 0 or > 65535)
                {
                    ThrowHelper.Syntax($"invalid reference {first.Integer} {second.Integer} R", first.Start);
                }

                return new PdfReference((int)first.Integer, (int)second.Integer);
            }
        }

        lexer.Position = saved;
        return new PdfInteger(first.Integer);
    }

    private static PdfArray ParseArray(ref PdfLexer lexer, int maxDepth, int depth, int start)
    {
        var array = new PdfArray();
        while (true)
        {
            var next = lexer.Peek();
            if (next.Kind == PdfTokenKind.ArrayEnd)
            {
                lexer.Position = next.End;
                return array;
            }

            if (next.Kind == PdfTokenKind.EndOfInput)
            {
                ThrowHelper.Syntax("unterminated array", start);
            }

            array.Add(Parse(ref lexer, maxDepth, depth));
        }
    }

    private static PdfDictionary ParseDictionary(ref PdfLexer lexer, int maxDepth, int depth, int start)
    {
        var dictionary = new PdfDictionary();
        while (true)
        {
            var key = lexer.Next();
            if (key.Kind == PdfTokenKind.DictionaryEnd)
            {
                return dictionary;
            }

            if (key.Kind != PdfTokenKind.Name)
            {
                ThrowHelper.Syntax(key.Kind == PdfTokenKind.EndOfInput
                    ? "unterminated dictionary"
                    : $"dictionary key '{Printable(lexer.Data[key.Start..key.End])}' is not a name", key.Kind == PdfTokenKind.EndOfInput ? start : key.Start);
            }

            var value = Parse(ref lexer, maxDepth, depth);

            // §7.3.7: later duplicates are undefined; keeping the first matches common readers.
            var name = DecodeName(lexer.Data[(key.Start + 1)..key.End]);
            if (!dictionary.ContainsKey(name))
            {
                dictionary.Set(name, value);
            }
        }
    }

    public static string DecodeName(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'#') < 0)
        {
            return Encoding.Latin1.GetString(raw);
        }

        var decoded = new byte[raw.Length];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'#' && i + 2 < raw.Length && IsHexDigit(raw[i + 1]) && IsHexDigit(raw[i + 2]))
            {
                decoded[n++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else
            {
                decoded[n++] = raw[i];
            }
        }

        return Encoding.Latin1.GetString(decoded, 0, n);
    }

    public static byte[] DecodeHex(ReadOnlySpan<byte> raw, int offset)
    {
        var result = new byte[(raw.Length + 1) / 2];
        var n = 0;
        var high = -1;
        foreach (var b in raw)
        {
            if (PdfLexer.IsWhitespace(b))
            {
                continue;
            }

            if (!IsHexDigit(b))
            {
                ThrowHelper.Syntax($"'{(char)b}' in a hexadecimal string", offset);
            }

            if (high < 0)
            {
                high = HexValue(b);
            }
            else
            {
                result[n++] = (byte)((high << 4) | HexValue(b));
                high = -1;
            }
        }

        // §7.3.4.3: an odd final digit is followed by an implied 0.
        if (high >= 0)
        {
            result[n++] = (byte)(high << 4);
        }

        return result.AsSpan(0, n).ToArray();
    }

    public static byte[] DecodeLiteral(ReadOnlySpan<byte> raw)
    {
        var result = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\r')
            {
                // §7.3.4.2: an unescaped end-of-line of any kind reads as LF.
                result.Add((byte)'\n');
                if (i + 1 < raw.Length && raw[i + 1] == (byte)'\n')
                {
                    i++;
                }

                continue;
            }

            if (b != (byte)'\\' || i + 1 >= raw.Length)
            {
                result.Add(b);
                continue;
            }

            var e = raw[++i];
            switch (e)
            {
                case (byte)'n': result.Add((byte)'\n'); break;
                case (byte)'r': result.Add((byte)'\r'); break;
                case (byte)'t': result.Add((byte)'\t'); break;
                case (byte)'b': result.Add((byte)'\b'); break;
                case (byte)'f': result.Add((byte)'\f'); break;
                case (byte)'\r':
                    if (i + 1 < raw.Length && raw[i + 1] == (byte)'\n')
                    {
                        i++;
                    }

                    break;
                case (byte)'\n':
                    break;
                case >= (byte)'0' and <= (byte)'7':
                    var value = e - '0';
                    for (var k = 0; k < 2 && i + 1 < raw.Length && raw[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                    {
                        value = (value * 8) + (raw[++i] - '0');
                    }

                    result.Add((byte)value);
                    break;
                default:
                    // §7.3.4.2: an unknown escape drops the backslash.
                    result.Add(e);
                    break;
            }
        }

        return [.. result];
    }

    private static bool IsHexDigit(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
