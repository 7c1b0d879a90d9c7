using System.Globalization;
using System.Text;

namespace Hub.Workflows.Tests.Expressions.Conformance;

/// <summary>A field of a protobuf text-format message: a scalar (kept as raw token bytes or text) or a nested message.</summary>
internal sealed record TextField(string Name, byte[]? Bytes, string? Token, TextMessage? Message)
{
    /// <summary>A string field's UTF-8 text, or a bare token (enum name, number).</summary>
    public string Text => Bytes is not null ? Encoding.UTF8.GetString(Bytes) : Token ?? "";
}

internal sealed class TextMessage(IReadOnlyList<TextField> fields)
{
    public IReadOnlyList<TextField> Fields { get; } = fields;

    public TextField? this[string name] => Fields.FirstOrDefault(f => f.Name == name);

    public IEnumerable<TextField> All(string name) => Fields.Where(f => f.Name == name);

    public string? Text(string name) => this[name]?.Text;

    public TextMessage? Message(string name) => this[name]?.Message;

    public bool Flag(string name) => this[name]?.Text == "true";
}

/// <summary>Reads the protobuf text format (protobuf.dev "Text Format Language Specification") as far as the cel-spec
/// test files use it: fields with <c>:</c> or a bare <c>{</c>, messages in <c>{}</c> or <c>&lt;&gt;</c>, strings in
/// either quote with C escapes (octal, \x, \u) that may be split into adjacent literals, and <c>#</c> comments.</summary>
internal sealed class TextProtoReader
{
    private readonly string text;
    private int pos;

    private TextProtoReader(string text) => this.text = text;

    public static TextMessage Parse(string text)
    {
        var reader = new TextProtoReader(text);
        var message = reader.ReadFields(null);
        reader.SkipTrivia();
        return reader.pos == text.Length ? message : throw reader.Error("unexpected text after the top-level message");
    }

    private FormatException Error(string what)
    {
        var line = text.Take(pos).Count(c => c == '\n') + 1;
        return new FormatException($"textproto: {what} at line {line}");
    }

    private TextMessage ReadFields(char? close)
    {
        var fields = new List<TextField>();
        while (true)
        {
            SkipTrivia();
            if (pos >= text.Length)
            {
                return close is null ? new TextMessage(fields) : throw Error($"missing '{close}'");
            }

            if (text[pos] == close)
            {
                pos++;
                return new TextMessage(fields);
            }

            var name = ReadName();
            SkipTrivia();
            var colon = Peek(':');
            if (colon)
            {
                pos++;
                SkipTrivia();
            }

            if (Peek('{') || Peek('<'))
            {
                var end = text[pos] == '{' ? '}' : '>';
                pos++;
                fields.Add(new TextField(name, null, null, ReadFields(end)));
            }
            else if (!colon)
            {
                throw Error($"expected ':' after field '{name}'");
            }
            else if (Peek('"') || Peek('\''))
            {
                var bytes = new List<byte>();
                while (Peek('"') || Peek('\''))
                {
                    bytes.AddRange(ReadString());
                    SkipTrivia();
                }

                fields.Add(new TextField(name, [.. bytes], null, null));
            }
            else
            {
                var start = pos;
                while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '-' or '+' or '.' or '_'))
                {
                    pos++;
                }

                if (start == pos)
                {
                    throw Error($"expected a value for field '{name}'");
                }

                fields.Add(new TextField(name, null, text[start..pos], null));
            }

            SkipTrivia();
            if (Peek(',') || Peek(';'))
            {
                pos++;
            }
        }
    }

    private bool Peek(char c) => pos < text.Length && text[pos] == c;

    private string ReadName()
    {
        var start = pos;
        if (Peek('['))
        {
            // Extension or Any type URL: [type.googleapis.com/foo.Bar]
            var end = text.IndexOf(']', pos);
            pos = end < 0 ? throw Error("unterminated '['") : end + 1;
            return text[start..pos];
        }

        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_'))
        {
            pos++;
        }

        return start == pos ? throw Error($"expected a field name, found '{text[pos]}'") : text[start..pos];
    }

    private void SkipTrivia()
    {
        while (pos < text.Length)
        {
            if (char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
            else if (text[pos] == '#')
            {
                while (pos < text.Length && text[pos] != '\n')
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

    private List<byte> ReadString()
    {
        var quote = text[pos++];
        var bytes = new List<byte>();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw Error("unterminated string");
            }

            var c = text[pos];
            if (c == quote)
            {
                pos++;
                return bytes;
            }

            if (c != '\\')
            {
                var width = char.IsHighSurrogate(c) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(pos, width)));
                pos += width;
                continue;
            }

            var e = text[pos + 1];
            pos += 2;
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case 'x' or 'X':
                    var hexStart = pos;
                    while (pos < text.Length && pos - hexStart < 2 && char.IsAsciiHexDigit(text[pos]))
                    {
                        pos++;
                    }

                    bytes.Add(byte.Parse(text.AsSpan(hexStart, pos - hexStart), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    break;
                case 'u' or 'U':
                    var width = e == 'u' ? 4 : 8;
                    var codePoint = int.Parse(text.AsSpan(pos, width), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    pos += width;
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint)));
                    break;
                case >= '0' and <= '7':
                    var value = e - '0';
                    for (var i = 0; i < 2 && pos < text.Length && text[pos] is >= '0' and <= '7'; i++)
                    {
                        value = (value * 8) + (text[pos++] - '0');
                    }

                    bytes.Add((byte)value);
                    break;
                default:
                    bytes.Add((byte)e);
                    break;
            }
        }
    }
}
