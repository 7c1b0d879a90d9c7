using System.Text;

namespace Hub.Workflows.Expressions.Syntax;

/// <summary>Accumulates a literal; escapes follow langdef "String and bytes literals".</summary>
internal sealed class StringLiteralDecoder(bool bytes)
{
    private readonly List<byte> buffer = [];
    private readonly StringBuilder text = new();

    internal void Append(string s)
    {
        if (bytes)
        {
            buffer.AddRange(Encoding.UTF8.GetBytes(s));
        }
        else
        {
            text.Append(s);
        }
    }

    internal string ToText() => text.ToString();

    internal byte[] ToBytes() => [.. buffer];

    internal int Escape(string s, int at)
    {
        if (at + 1 >= s.Length)
        {
            throw new CelSyntaxException("unterminated escape sequence", at);
        }

        var e = s[at + 1];
        switch (e)
        {
            case '\\' or '?' or '"' or '\'' or '`':
                Append(e.ToString());
                return at + 2;
            case 'a': Append("\a"); return at + 2;
            case 'b': Append("\b"); return at + 2;
            case 'f': Append("\f"); return at + 2;
            case 'n': Append("\n"); return at + 2;
            case 'r': Append("\r"); return at + 2;
            case 't': Append("\t"); return at + 2;
            case 'v': Append("\v"); return at + 2;
            case 'x' or 'X':
                AppendUnit(ParseDigits(s, at + 2, 2, 16, at));
                return at + 4;
            case 'u' or 'U' when !bytes:
                var width = e == 'u' ? 4 : 8;
                var codePoint = ParseDigits(s, at + 2, width, 16, at);
                if (codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
                {
                    throw new CelSyntaxException($"invalid code point \\{e}{s.Substring(at + 2, width)}", at);
                }

                text.Append(char.ConvertFromUtf32(codePoint));
                return at + 2 + width;
            case >= '0' and <= '3':
                AppendUnit(ParseDigits(s, at + 1, 3, 8, at));
                return at + 4;
            default:
                throw new CelSyntaxException($"invalid escape sequence '\\{e}'", at);
        }
    }

    /// <summary>In bytes, \x and octal escapes are single octets; in strings they are code points.</summary>
    private void AppendUnit(int value)
    {
        if (bytes)
        {
            buffer.Add((byte)value);
        }
        else
        {
            text.Append((char)value);
        }
    }

    private static int ParseDigits(string s, int from, int count, int radix, int at)
    {
        if (from + count > s.Length)
        {
            throw new CelSyntaxException("truncated escape sequence", at);
        }

        var value = 0;
        for (var i = from; i < from + count; i++)
        {
            var digit = radix == 16 && char.IsAsciiHexDigit(s[i]) ? Convert.ToInt32(s[i].ToString(), 16)
                : radix == 8 && s[i] is >= '0' and <= '7' ? s[i] - '0'
                : throw new CelSyntaxException("invalid digit in escape sequence", at);
            value = (value * radix) + digit;
        }

        return value;
    }
}
