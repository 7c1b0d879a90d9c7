using System.Globalization;

namespace Hub.Workflows.Expressions.Syntax;

/// <summary>Splits CEL source into tokens (langdef "Syntax", lexis). Whitespace is space, tab, CR, LF and form feed;
/// comments run from <c>//</c> to the end of the line.</summary>
internal sealed class Lexer(string source)
{
    private static readonly HashSet<string> Reserved =
    [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ];

    private int pos;

    internal static bool IsReserved(string word) => Reserved.Contains(word);

    internal List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    private Token Next()
    {
        SkipTrivia();
        if (pos >= source.Length)
        {
            return new Token(TokenKind.End, pos, "");
        }

        var start = pos;
        var c = source[pos];
        if (char.IsAsciiDigit(c) || (c == '.' && pos + 1 < source.Length && char.IsAsciiDigit(source[pos + 1])))
        {
            return Number();
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            var prefix = StringPrefixLength();
            if (prefix >= 0)
            {
                return QuotedLiteral(start, prefix);
            }

            while (pos < source.Length && (char.IsAsciiLetterOrDigit(source[pos]) || source[pos] == '_'))
            {
                pos++;
            }

            var word = source[start..pos];
            var kind = word switch
            {
                "true" => TokenKind.True,
                "false" => TokenKind.False,
                "null" => TokenKind.Null,
                "in" => TokenKind.In,
                _ => TokenKind.Identifier,
            };
            return new Token(kind, start, word);
        }

        if (c is '"' or '\'')
        {
            return QuotedLiteral(start, 0);
        }

        if (c == '`')
        {
            // Quoted field names (cel-spec fields.textproto "quoted_map_fields").
            var end = source.IndexOf('`', pos + 1);
            if (end < 0)
            {
                throw new CelSyntaxException("unterminated quoted identifier", start);
            }

            pos = end + 1;
            return new Token(TokenKind.Identifier, start, source[(start + 1)..end]) { Quoted = true };
        }

        pos++;
        var two = pos < source.Length ? source[pos] : '\0';
        TokenKind Pair(TokenKind kind)
        {
            pos++;
            return kind;
        }

        var k = c switch
        {
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '[' => TokenKind.LeftBracket,
            ']' => TokenKind.RightBracket,
            '{' => TokenKind.LeftBrace,
            '}' => TokenKind.RightBrace,
            '.' => TokenKind.Dot,
            ',' => TokenKind.Comma,
            ':' => TokenKind.Colon,
            '?' => TokenKind.Question,
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '/' => TokenKind.Slash,
            '%' => TokenKind.Percent,
            '!' => two == '=' ? Pair(TokenKind.BangEqual) : TokenKind.Bang,
            '&' when two == '&' => Pair(TokenKind.AndAnd),
            '|' when two == '|' => Pair(TokenKind.OrOr),
            '=' when two == '=' => Pair(TokenKind.EqualEqual),
            '<' => two == '=' ? Pair(TokenKind.LessEqual) : TokenKind.Less,
            '>' => two == '=' ? Pair(TokenKind.GreaterEqual) : TokenKind.Greater,
            _ => throw new CelSyntaxException($"unexpected character '{c}'", start),
        };
        return new Token(k, start, source[start..pos]);
    }

    private void SkipTrivia()
    {
        while (pos < source.Length)
        {
            var c = source[pos];
            if (c is ' ' or '\t' or '\r' or '\n' or '\f')
            {
                pos++;
            }
            else if (c == '/' && pos + 1 < source.Length && source[pos + 1] == '/')
            {
                while (pos < source.Length && source[pos] != '\n')
                {
                    pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Length of an r/b/br/rb prefix (any case) directly followed by a quote, or -1.</summary>
    private int StringPrefixLength()
    {
        for (var len = 1; len <= 2 && pos + len < source.Length; len++)
        {
            var prefix = source.Substring(pos, len).ToLowerInvariant();
            if (prefix is not ("r" or "b" or "br" or "rb"))
            {
                return -1;
            }

            if (source[pos + len] is '"' or '\'')
            {
                return len;
            }
        }

        return -1;
    }

    private Token Number()
    {
        var start = pos;
        if (source[pos] == '0' && pos + 1 < source.Length && source[pos + 1] is 'x' or 'X')
        {
            pos += 2;
            var digitsStart = pos;
            while (pos < source.Length && char.IsAsciiHexDigit(source[pos]))
            {
                pos++;
            }

            if (pos == digitsStart || !ulong.TryParse(source.AsSpan(digitsStart, pos - digitsStart),
                    NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                throw new CelSyntaxException("invalid hexadecimal literal", start);
            }

            return IntegerToken(start, hex);
        }

        var isDouble = false;
        SkipDigits();
        if (pos < source.Length && source[pos] == '.' && pos + 1 < source.Length && char.IsAsciiDigit(source[pos + 1]))
        {
            isDouble = true;
            pos++;
            SkipDigits();
        }

        if (pos < source.Length && source[pos] is 'e' or 'E')
        {
            var save = pos;
            pos++;
            if (pos < source.Length && source[pos] is '+' or '-')
            {
                pos++;
            }

            if (pos < source.Length && char.IsAsciiDigit(source[pos]))
            {
                isDouble = true;
                SkipDigits();
            }
            else
            {
                pos = save;
            }
        }

        var text = source[start..pos];
        if (isDouble)
        {
            return new Token(TokenKind.Double, start, text)
            {
                Number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new CelSyntaxException($"integer literal '{text}' is out of range", start);
        }

        return IntegerToken(start, value);
    }

    private Token IntegerToken(int start, ulong value)
    {
        if (pos < source.Length && source[pos] is 'u' or 'U')
        {
            pos++;
            return new Token(TokenKind.Uint, start, source[start..pos]) { Magnitude = value };
        }

        return new Token(TokenKind.Int, start, source[start..pos]) { Magnitude = value };
    }

    private void SkipDigits()
    {
        while (pos < source.Length && char.IsAsciiDigit(source[pos]))
        {
            pos++;
        }
    }

    private Token QuotedLiteral(int start, int prefixLength)
    {
        var prefix = source.Substring(pos, prefixLength).ToLowerInvariant();
        var raw = prefix.Contains('r');
        var bytes = prefix.Contains('b');
        pos += prefixLength;
        var quote = source[pos];
        var triple = pos + 2 < source.Length && source[pos + 1] == quote && source[pos + 2] == quote;
        pos += triple ? 3 : 1;
        var decoder = new StringLiteralDecoder(bytes);
        while (true)
        {
            if (pos >= source.Length)
            {
                throw new CelSyntaxException("unterminated string literal", start);
            }

            var c = source[pos];
            if (c == quote && (!triple || (pos + 2 < source.Length && source[pos + 1] == quote && source[pos + 2] == quote)))
            {
                pos += triple ? 3 : 1;
                break;
            }

            if (!triple && c is '\n' or '\r')
            {
                throw new CelSyntaxException("line break in a single-quoted string literal", pos);
            }

            if (c == '\\' && !raw)
            {
                pos = decoder.Escape(source, pos);
            }
            else if (c == '\\' && pos + 1 < source.Length)
            {
                // Raw literals keep the backslash, but it still keeps the next character from closing the string.
                decoder.Append(source.Substring(pos, 2));
                pos += 2;
            }
            else
            {
                var width = char.IsHighSurrogate(c) && pos + 1 < source.Length ? 2 : 1;
                decoder.Append(source.Substring(pos, width));
                pos += width;
            }
        }

        var text = source[start..pos];
        return bytes
            ? new Token(TokenKind.Bytes, start, text) { BytesValue = decoder.ToBytes() }
            : new Token(TokenKind.String, start, text) { StringValue = decoder.ToText() };
    }
}
