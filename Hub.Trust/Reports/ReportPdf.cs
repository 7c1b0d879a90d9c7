using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Hub.Trust.Appearances.Fonts;

namespace Hub.Trust.Reports;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as a PDF 1.7 file (ISO 32000-1) with one embedded font: a TrueType subset of
/// the CJK face as a CIDFontType2 under a Type0 font with Identity-H encoding (§9.7), a ToUnicode map (§9.10.3) so the
/// text can be searched and copied, and Flate-compressed streams. The output depends only on the document, the font
/// and the options, so the same report written twice is the same file.
/// </summary>
public static class ReportPdf
{
    private const int Catalog = 1;
    private const int PageTree = 2;
    private const int Info = 3;
    private const int Type0Font = 4;
    private const int CidFont = 5;
    private const int Descriptor = 6;
    private const int FontFile = 7;
    private const int ToUnicode = 8;
    private const int FirstPage = 9;

    /// <summary>The document as PDF bytes.</summary>
    /// <exception cref="FileNotFoundException">No font was given and AR PL UMing is not installed.</exception>
    /// <exception cref="InvalidDataException">The font file is not a usable TrueType font.</exception>
    public static byte[] Write(ReportDocument document, ReportPdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new ReportPdfOptions();
        var font = new ReportFont(SealFonts.Load(options.FontPath));
        var pages = ReportLayout.Lay(document, font);
        if (options.Footer is { } footer)
        {
            for (var i = 0; i < pages.Count; i++)
            {
                pages[i].Texts.Add(ReportLayout.Footer(font, string.Format(CultureInfo.InvariantCulture, footer, i + 1, pages.Count)));
            }
        }

        var file = new PdfFileWriter();
        file.Object(Catalog, $"<</Type/Catalog/Pages {PageTree} 0 R/Lang {Text(options.Language)}/ViewerPreferences<</DisplayDocTitle true>>>>");
        var kids = string.Join(" ", Enumerable.Range(0, pages.Count).Select(i => $"{FirstPage + (2 * i)} 0 R"));
        file.Object(PageTree, $"<</Type/Pages/Kids[{kids}]/Count {pages.Count}>>");
        file.Object(Info, $"<</Title {Text(document.Title)}/Producer {Text("Hub")}/CreationDate {Text(Date(options.CreatedAt))}>>");
        for (var i = 0; i < pages.Count; i++)
        {
            var page = FirstPage + (2 * i);
            file.Object(page, $"<</Type/Page/Parent {PageTree} 0 R/MediaBox[0 0 {N(ReportLayout.PageWidth)} {N(ReportLayout.PageHeight)}]" +
                $"/Resources<</Font<</F1 {Type0Font} 0 R>>>>/Contents {page + 1} 0 R>>");
            file.Stream(page + 1, "", Content(pages[i]));
        }

        WriteFont(file, font, options.FontPath);
        return file.Finish(Catalog, Info);
    }

    private static void WriteFont(PdfFileWriter file, ReportFont font, string? fontPath)
    {
        var face = font.Face;
        var subset = TrueTypeSubset.Build(face, font.Glyphs, font.Characters);
        var name = $"{SubsetTag(font.Glyphs)}+{FontName(fontPath)}";
        double Scaled(int units) => Math.Round(units * 1000.0 / face.UnitsPerEm);
        var head = face.Table("head").ToArray();
        short Head(int at) => System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(head.AsSpan(at));

        file.Object(Type0Font, $"<</Type/Font/Subtype/Type0/BaseFont/{name}/Encoding/Identity-H/DescendantFonts[{CidFont} 0 R]/ToUnicode {ToUnicode} 0 R>>");
        var widths = string.Join(" ", Enumerable.Range(0, font.Glyphs.Count).Select(code => $"{code}[{font.Width1000(code)}]"));
        file.Object(CidFont, $"<</Type/Font/Subtype/CIDFontType2/BaseFont/{name}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>" +
            $"/FontDescriptor {Descriptor} 0 R/DW 1000/W[{widths}]/CIDToGIDMap/Identity>>");
        file.Object(Descriptor, $"<</Type/FontDescriptor/FontName/{name}/Flags 4" +
            $"/FontBBox[{N(Scaled(Head(36)))} {N(Scaled(Head(38)))} {N(Scaled(Head(40)))} {N(Scaled(Head(42)))}]" +
            $"/ItalicAngle 0/Ascent {N(Scaled(face.Ascender))}/Descent {N(Scaled(face.Descender))}/CapHeight {N(Scaled(face.Ascender))}/StemV 80" +
            $"/FontFile2 {FontFile} 0 R>>");
        file.Stream(FontFile, $"/Length1 {subset.Length}", subset);
        file.Stream(ToUnicode, "", UnicodeMap(font.Unicode.ToList()));
    }

    /// <summary>The page's drawing operators (§8.2): shaded boxes, then rules, then text.</summary>
    private static byte[] Content(ReportPage page)
    {
        var content = new StringBuilder();
        foreach (var fill in page.Fills)
        {
            content.Append($"q {N(fill.Gray)} g {N(fill.X)} {N(fill.Y)} {N(fill.Width)} {N(fill.Height)} re f Q\n");
        }

        if (page.Rules.Count > 0)
        {
            content.Append("0.5 w 0 G\n");
            foreach (var rule in page.Rules)
            {
                content.Append($"{N(rule.X1)} {N(rule.Y1)} m {N(rule.X2)} {N(rule.Y2)} l\n");
            }

            content.Append("S\n");
        }

        foreach (var text in page.Texts.Where(t => t.Codes.Count > 0))
        {
            // Bold without a bold face: fill and stroke the outlines (render mode 2) with a hairline of ~3 % of the size.
            var bold = text.Bold ? $"q {N(text.Size * 0.03)} w 0 G 2 Tr " : "";
            content.Append($"{bold}BT /F1 {N(text.Size)} Tf {N(text.X)} {N(text.Baseline)} Td <");
            foreach (var code in text.Codes)
            {
                content.Append(code.ToString("X4", CultureInfo.InvariantCulture));
            }

            content.Append(text.Bold ? "> Tj ET Q\n" : "> Tj ET\n");
        }

        return Encoding.ASCII.GetBytes(content.ToString());
    }

    /// <summary>A ToUnicode CMap (§9.10.3, Adobe Technical Note #5411) from two-byte glyph codes to UTF-16BE.</summary>
    private static byte[] UnicodeMap(IReadOnlyList<(int Code, int CodePoint)> used)
    {
        var map = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
        map.Append("/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
        map.Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in used.Chunk(100))
        {
            map.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var (code, codePoint) in chunk)
            {
                map.Append(CultureInfo.InvariantCulture, $"<{code:X4}> <{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(codePoint)))}>\n");
            }

            map.Append("endbfchar\n");
        }

        map.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return Encoding.ASCII.GetBytes(map.ToString());
    }

    /// <summary>Six capital letters naming the subset (§9.6.4), derived from its glyphs in order, so equal subsets share a tag.</summary>
    private static string SubsetTag(IEnumerable<int> glyphs)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(",", glyphs)));
        return new string(hash.Take(6).Select(b => (char)('A' + (b % 26))).ToArray());
    }

    private static string FontName(string? path)
    {
        var stem = path is null ? "ARPLUMingCN" : Path.GetFileNameWithoutExtension(path);
        var name = new string(stem.Where(char.IsAsciiLetterOrDigit).ToArray());
        return name.Length > 0 ? name : "ReportFont";
    }

    /// <summary>A text string (§7.9.2.2) in UTF-16BE with its byte order mark, written in hex so no byte needs escaping.</summary>
    private static string Text(string value) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value)) + ">";

    private static string Date(DateTimeOffset value) => "D:" + value.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Numbered objects, a cross-reference table and a trailer (§7.5), written in order.</summary>
    private sealed class PdfFileWriter
    {
        private readonly MemoryStream _file = new();
        private readonly SortedDictionary<int, long> _offsets = [];

        public PdfFileWriter()
        {
            // A comment of bytes above 127 after the header tells transfer tools the file is binary (§7.5.2).
            Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n", Encoding.Latin1);
        }

        public void Object(int number, string body)
        {
            _offsets[number] = _file.Length;
            Write($"{number} 0 obj\n{body}\nendobj\n");
        }

        public void Stream(int number, string entries, byte[] data)
        {
            var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(data);
            }

            _offsets[number] = _file.Length;
            Write($"{number} 0 obj\n<</Length {compressed.Length}/Filter/FlateDecode{entries}>>\nstream\n");
            compressed.Position = 0;
            compressed.CopyTo(_file);
            Write("\nendstream\nendobj\n");
        }

        public byte[] Finish(int root, int info)
        {
            var size = _offsets.Keys.Max() + 1;
            var id = Convert.ToHexString(SHA256.HashData(_file.ToArray().AsSpan())[..16]);
            var xref = _file.Length;
            var table = new StringBuilder($"xref\n0 {size}\n0000000000 65535 f\r\n");
            for (var number = 1; number < size; number++)
            {
                table.Append(_offsets.TryGetValue(number, out var offset) ? $"{offset:D10} 00000 n\r\n" : "0000000000 65535 f\r\n");
            }

            table.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {size}/Root {root} 0 R/Info {info} 0 R/ID[<{id}><{id}>]>>\nstartxref\n{xref}\n%%EOF\n");
            Write(table.ToString());
            return _file.ToArray();
        }

        private void Write(string text, Encoding? encoding = null) => _file.Write((encoding ?? Encoding.ASCII).GetBytes(text));
    }
}
