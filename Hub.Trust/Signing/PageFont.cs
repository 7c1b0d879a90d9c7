using System.Globalization;
using System.Text;
using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// Just enough of a font (ISO 32000-1 §9.5–9.10) to find text: how a shown string splits into character codes, what
/// Unicode each code means (ToUnicode CMap §9.10.3, else the simple font's standard encoding approximated by
/// Latin-1), and each glyph's advance width (Type3 widths through <c>/FontMatrix</c>). Type0 fonts are read with 2-byte codes (Identity-H/V, as LibreOffice
/// and Chromium write them) and widths from <c>/W</c>.
/// </summary>
internal sealed class PageFont
{
    private readonly Dictionary<int, string> _unicode = [];
    private readonly Dictionary<int, double> _widths = [];
    private readonly double _defaultWidth;

    private PageFont(bool twoByte, double defaultWidth)
    {
        TwoByte = twoByte;
        _defaultWidth = defaultWidth;
    }

    public bool TwoByte { get; }

    public static PageFont Read(PdfReader reader, PdfDictionary? font)
    {
        if (font is null)
        {
            return new PageFont(false, 500);
        }

        var twoByte = font.GetName("Subtype") == "Type0";
        PageFont result;
        if (twoByte)
        {
            var descendant = (reader.Resolve(font["DescendantFonts"]) as PdfArray) is { Count: > 0 } d ? reader.Resolve(d[0]) as PdfDictionary : null;
            result = new PageFont(true, Number(reader.Resolve(descendant?["DW"])) ?? 1000);
            if (reader.Resolve(descendant?["W"]) is PdfArray w)
            {
                result.ReadCidWidths(reader, w);
            }
        }
        else
        {
            // Without /Widths (standard 14 fonts) an average width keeps positions roughly right.
            result = new PageFont(false, 500);
            var first = (int)(Number(reader.Resolve(font["FirstChar"])) ?? 0);

            // §9.6.5: a Type3 font's widths are in its glyph space, which /FontMatrix maps to text space; Chromium
            // draws Chinese as Type3 glyphs with a 0.001 matrix, but other scales are allowed.
            var scale = 1.0;
            if (font.GetName("Subtype") == "Type3" && reader.Resolve(font["FontMatrix"]) is PdfArray { Count: 6 } matrix
                && Number(reader.Resolve(matrix[0])) is { } a && a != 0 && double.IsFinite(a))
            {
                scale = Math.Abs(a) * 1000;
            }

            if (reader.Resolve(font["Widths"]) is PdfArray widths)
            {
                for (var i = 0; i < widths.Count; i++)
                {
                    result._widths[first + i] = (Number(reader.Resolve(widths[i])) ?? 0) * scale;
                }
            }
        }

        if (reader.Resolve(font["ToUnicode"]) is PdfStream toUnicode)
        {
            result.ReadCMap(reader.DecodeStream(toUnicode));
        }

        return result;
    }

    /// <summary>The codes of a shown string with their text and width in glyph space (thousandths of the font size).</summary>
    public IEnumerable<(int Code, string Text, double Width)> Glyphs(byte[] shown)
    {
        var step = TwoByte ? 2 : 1;
        for (var i = 0; i + step <= shown.Length; i += step)
        {
            var code = TwoByte ? (shown[i] << 8) | shown[i + 1] : shown[i];
            var text = _unicode.TryGetValue(code, out var mapped) ? mapped : TwoByte ? "\uFFFD" : ((char)code).ToString();
            yield return (code, text, _widths.TryGetValue(code, out var width) ? width : _defaultWidth);
        }
    }

    private void ReadCidWidths(PdfReader reader, PdfArray w)
    {
        // §9.7.4.3: c [w1 w2 …] or c_first c_last w.
        for (var i = 0; i + 1 < w.Count;)
        {
            var first = (int)(Number(reader.Resolve(w[i])) ?? 0);
            if (reader.Resolve(w[i + 1]) is PdfArray list)
            {
                for (var j = 0; j < list.Count; j++)
                {
                    _widths[first + j] = Number(reader.Resolve(list[j])) ?? _defaultWidth;
                }

                i += 2;
            }
            else if (i + 2 < w.Count)
            {
                var last = (int)(Number(reader.Resolve(w[i + 1])) ?? first);
                var width = Number(reader.Resolve(w[i + 2])) ?? _defaultWidth;
                for (var c = first; c <= last && c - first < 65536; c++)
                {
                    _widths[c] = width;
                }

                i += 3;
            }
            else
            {
                break;
            }
        }
    }

    private void ReadCMap(byte[] cmap)
    {
        // bfchar: <src> <dst>; bfrange: <lo> <hi> <dst> or <lo> <hi> [<d1> <d2> …] (Adobe TN 5411 §1.4).
        var text = Encoding.Latin1.GetString(cmap);
        var tokens = Tokenise(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == "beginbfchar")
            {
                for (i++; i + 1 < tokens.Count && tokens[i] != "endbfchar"; i += 2)
                {
                    _unicode[Hex(tokens[i])] = Utf16(tokens[i + 1]);
                }
            }
            else if (tokens[i] == "beginbfrange")
            {
                for (i++; i + 2 < tokens.Count && tokens[i] != "endbfrange";)
                {
                    var (lo, hi) = (Hex(tokens[i]), Hex(tokens[i + 1]));
                    if (tokens[i + 2] == "[")
                    {
                        var j = i + 3;
                        for (var code = lo; j < tokens.Count && tokens[j] != "]"; j++, code++)
                        {
                            _unicode[code] = Utf16(tokens[j]);
                        }

                        i = j + 1;
                    }
                    else
                    {
                        var start = Utf16(tokens[i + 2]);
                        for (var code = lo; code <= hi && code - lo < 65536; code++)
                        {
                            _unicode[code] = start.Length == 0 ? start : start[..^1] + (char)(start[^1] + (code - lo));
                        }

                        i += 3;
                    }
                }
            }
        }
    }

    private static List<string> Tokenise(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '<' || c == '[' || c == ']')
            {
                var end = c == '<' ? text.IndexOf('>', i) : i;
                end = end < 0 ? text.Length - 1 : end;
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('<' or '[' or ']'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    private static string Digits(string token) => token.Trim('<', '>').Replace(" ", string.Empty, StringComparison.Ordinal);

    private static int Hex(string token) =>
        int.TryParse(Digits(token), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value : -1;

    private static string Utf16(string token)
    {
        var digits = Digits(token);
        try
        {
            return Encoding.BigEndianUnicode.GetString(Convert.FromHexString(digits.Length % 2 == 0 ? digits : digits + "0"));
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }

    internal static double? Number(PdfObject? value) => value switch
    {
        PdfInteger i => i.Value,
        PdfReal r => r.Value,
        _ => null,
    };
}
