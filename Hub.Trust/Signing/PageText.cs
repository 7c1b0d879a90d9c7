using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// Finds a keyword in a page's text by running its content stream's text operators (ISO 32000-1 §9.4): text and
/// graphics state (BT/ET, Tf, Tm, Td, TD, T*, TL, Tc, Tw, Tz, Ts, cm, q/Q) and the show operators Tj, TJ, ' and ".
/// Whitespace is ignored when matching, because producers split words across operators and leave out spaces, and
/// both sides are compared in Unicode normalisation form KC.
/// Type3 text is found through the font's ToUnicode (its glyph procedures are not run); text inside Form XObjects is not searched.
/// </summary>
internal static class PageText
{
    private const int MaxOperands = 64;

    /// <summary>The user-space centre of the keyword's first occurrence on the page, or null.</summary>
    public static (double X, double Y)? Find(PdfReader reader, PdfPage page, string keyword)
    {
        var wanted = new string([.. Fold(keyword).Where(c => !char.IsWhiteSpace(c))]);
        var glyphs = Glyphs(reader, page);
        var text = string.Concat(glyphs.Select(g => g.Text));
        var at = text.IndexOf(wanted, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        // Map the match back to glyphs: each glyph contributes its text's length.
        int first = -1, last = -1;
        for (int i = 0, position = 0; i < glyphs.Count; position += glyphs[i].Text.Length, i++)
        {
            if (first < 0 && position + glyphs[i].Text.Length > at)
            {
                first = i;
            }

            if (position < at + wanted.Length)
            {
                last = i;
            }
        }

        var (start, end) = (glyphs[first], glyphs[last]);
        return ((start.X + end.EndX) / 2, ((start.Y + end.Y) / 2) + (start.Size * 0.3));
    }

    private static List<Glyph> Glyphs(PdfReader reader, PdfPage page)
    {
        var content = reader.GetPageContents(page);
        var fonts = reader.Resolve(page.Resources?["Font"]) as PdfDictionary;
        var cache = new Dictionary<string, PageFont>(StringComparer.Ordinal);
        var glyphs = new List<Glyph>();
        var operands = new List<PdfObject>();
        var state = new TextState();
        var saved = new Stack<Matrix>();
        var lexer = new PdfLexer(content, 0);
        while (true)
        {
            var token = lexer.Peek();
            if (token.Kind == PdfTokenKind.EndOfInput)
            {
                break;
            }

            if (token.Kind is PdfTokenKind.Keyword && !IsObjectKeyword(lexer.Data[token.Start..token.End]))
            {
                lexer.Next();
                var op = System.Text.Encoding.ASCII.GetString(lexer.Data[token.Start..token.End]);
                if (op == "BI")
                {
                    SkipInlineImage(ref lexer);
                }
                else
                {
                    Apply(op, operands, state, saved, glyphs, name => cache.TryGetValue(name, out var f) ? f
                        : cache[name] = PageFont.Read(reader, reader.Resolve(fonts?[name]) as PdfDictionary));
                }

                operands.Clear();
                continue;
            }

            if (token.Kind is PdfTokenKind.ArrayEnd or PdfTokenKind.DictionaryEnd)
            {
                lexer.Next();
                continue;
            }

            var operand = PdfObjectParser.Parse(ref lexer, 16);
            if (operands.Count < MaxOperands)
            {
                operands.Add(operand);
            }
        }

        return glyphs;
    }

    private static bool IsObjectKeyword(ReadOnlySpan<byte> word) => word.SequenceEqual("true"u8) || word.SequenceEqual("false"u8) || word.SequenceEqual("null"u8);

    private static void SkipInlineImage(ref PdfLexer lexer)
    {
        // §8.9.7: binary data follows ID up to whitespace + EI; searching for that is what every reader does.
        var data = lexer.Data;
        var at = data[lexer.Position..].IndexOf("ID"u8);
        if (at < 0)
        {
            lexer.Position = data.Length;
            return;
        }

        var from = lexer.Position + at + 3;
        for (var i = from; i + 2 <= data.Length; i++)
        {
            if (data[i] == (byte)'E' && data[i + 1] == (byte)'I' && PdfLexer.IsWhitespace(data[i - 1]) && (i + 2 == data.Length || !PdfLexer.IsRegular(data[i + 2])))
            {
                lexer.Position = i + 2;
                return;
            }
        }

        lexer.Position = data.Length;
    }

    private static void Apply(string op, List<PdfObject> args, TextState s, Stack<Matrix> saved, List<Glyph> glyphs, Func<string, PageFont> font)
    {
        double N(int i) => i < args.Count ? PageFont.Number(args[i]) ?? 0 : 0;
        switch (op)
        {
            case "q": saved.Push(s.Ctm); break;
            case "Q": s.Ctm = saved.Count > 0 ? saved.Pop() : s.Ctm; break;
            case "cm": s.Ctm = new Matrix(N(0), N(1), N(2), N(3), N(4), N(5)).Times(s.Ctm); break;
            case "BT": s.Tm = s.Tlm = Matrix.Identity; break;
            case "Tf":
                s.Font = args.Count > 0 && args[0] is PdfName name ? font(name.Value) : font(string.Empty);
                s.Size = N(1);
                break;
            case "Tc": s.CharSpacing = N(0); break;
            case "Tw": s.WordSpacing = N(0); break;
            case "Tz": s.Scale = N(0) / 100; break;
            case "TL": s.Leading = N(0); break;
            case "Ts": s.Rise = N(0); break;
            case "Td": s.Tm = s.Tlm = Matrix.Translation(N(0), N(1)).Times(s.Tlm); break;
            case "TD": s.Leading = -N(1); s.Tm = s.Tlm = Matrix.Translation(N(0), N(1)).Times(s.Tlm); break;
            case "Tm": s.Tm = s.Tlm = new Matrix(N(0), N(1), N(2), N(3), N(4), N(5)); break;
            case "T*": NextLine(s); break;
            case "Tj": Show(args.Count > 0 ? args[0] : null, s, glyphs); break;
            case "'": NextLine(s); Show(args.Count > 0 ? args[0] : null, s, glyphs); break;
            case "\"": s.WordSpacing = N(0); s.CharSpacing = N(1); NextLine(s); Show(args.Count > 2 ? args[2] : null, s, glyphs); break;
            case "TJ":
                if (args.Count > 0 && args[0] is PdfArray array)
                {
                    foreach (var item in array)
                    {
                        if (PageFont.Number(item) is { } adjust)
                        {
                            s.Tm = Matrix.Translation(-adjust / 1000 * s.Size * s.Scale, 0).Times(s.Tm);
                        }
                        else
                        {
                            Show(item, s, glyphs);
                        }
                    }
                }

                break;
        }
    }

    private static void NextLine(TextState s) => s.Tm = s.Tlm = Matrix.Translation(0, -s.Leading).Times(s.Tlm);

    private static void Show(PdfObject? value, TextState s, List<Glyph> glyphs)
    {
        if (value is not PdfString shown || s.Font is null)
        {
            return;
        }

        foreach (var (code, text, width) in s.Font.Glyphs(shown.Bytes.ToArray()))
        {
            // §9.4.4: Trm = [Tfs·Th 0 0 Tfs 0 Trise] × Tm × CTM; the advance is (w0·Tfs + Tc + Tw) · Th.
            var origin = Matrix.Translation(0, s.Rise).Times(s.Tm).Times(s.Ctm);
            var advance = ((width / 1000 * s.Size) + s.CharSpacing + (!s.Font.TwoByte && code == 32 ? s.WordSpacing : 0)) * s.Scale;
            s.Tm = Matrix.Translation(advance, 0).Times(s.Tm);
            var end = s.Tm.Times(s.Ctm);
            var clean = new string([.. Fold(text).Where(c => !char.IsWhiteSpace(c))]);
            glyphs.Add(new Glyph(clean, origin.E, origin.F, end.E, Math.Abs(s.Size * s.Tm.D * s.Ctm.D)));
        }
    }

    /// <summary>
    /// NFKC on both sides, because ToUnicode maps may name compatibility characters: Chromium maps 方 to the Kangxi
    /// radical U+2F45 and full-width punctuation stays full-width, while people type U+65B9; poppler and mutool fold
    /// the same way. Broken UTF-16 from a hostile CMap is compared as it is.
    /// </summary>
    private static string Fold(string text)
    {
        try
        {
            return text.Normalize(System.Text.NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    private sealed record Glyph(string Text, double X, double Y, double EndX, double Size);

    private sealed class TextState
    {
        public Matrix Ctm { get; set; } = Matrix.Identity;

        public Matrix Tm { get; set; } = Matrix.Identity;

        public Matrix Tlm { get; set; } = Matrix.Identity;

        public PageFont? Font { get; set; }

        public double Size { get; set; } = 12;

        public double CharSpacing { get; set; }

        public double WordSpacing { get; set; }

        public double Scale { get; set; } = 1;

        public double Leading { get; set; }

        public double Rise { get; set; }
    }

    /// <summary>An affine transform [a b c d e f] (§8.3.3), row-vector convention as in the PDF specification.</summary>
    private readonly record struct Matrix(double A, double B, double C, double D, double E, double F)
    {
        public static Matrix Identity => new(1, 0, 0, 1, 0, 0);

        public static Matrix Translation(double x, double y) => new(1, 0, 0, 1, x, y);

        public Matrix Times(Matrix m) => new(
            (A * m.A) + (B * m.C), (A * m.B) + (B * m.D),
            (C * m.A) + (D * m.C), (C * m.B) + (D * m.D),
            (E * m.A) + (F * m.C) + m.E, (E * m.B) + (F * m.D) + m.F);
    }
}
