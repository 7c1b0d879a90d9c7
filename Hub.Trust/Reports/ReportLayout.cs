namespace Hub.Trust.Reports;

/// <summary>
/// Flows a <see cref="ReportDocument"/> onto A4 pages: blocks top to bottom within 20 mm margins, a new page when the
/// next line does not fit. Table rows move whole to the next page when they fit there, and only a row taller than a
/// page is split; the header row is repeated at the top of every page a table continues on.
/// </summary>
internal sealed class ReportLayout
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    private const double Margin = 56.69;
    private const double ContentWidth = PageWidth - (2 * Margin);

    private const double TitleSize = 18;
    private const double HeadingSize = 12;
    private const double TextSize = 10.5;
    private const double TableSize = 9.5;
    private const double Leading = 1.6;
    private const double TableLeading = 1.45;
    private const double CellPaddingX = 4;
    private const double CellPaddingY = 3;
    private const double HeaderGray = 0.92;

    private readonly ReportFont _font;
    private readonly ReportLineBreaker _breaker;
    private readonly List<ReportPage> _pages = [];
    private ReportPage _page = null!;
    private double _top;

    private ReportLayout(ReportFont font)
    {
        _font = font;
        _breaker = new ReportLineBreaker(font);
        NewPage();
    }

    /// <summary>The document's pages, laid out with <paramref name="font"/>; footers are added by the writer, which
    /// knows the page count.</summary>
    public static IReadOnlyList<ReportPage> Lay(ReportDocument document, ReportFont font)
    {
        var layout = new ReportLayout(font);
        foreach (var block in document.Blocks)
        {
            layout.Place(block);
        }

        return layout._pages;
    }

    /// <summary>The footer line, centred at the bottom margin.</summary>
    public static PlacedText Footer(ReportFont font, string text)
    {
        const double size = 8;
        var line = new ReportLineBreaker(font).Break(text, size, double.MaxValue)[0];
        return new PlacedText((PageWidth - line.Width) / 2, Margin / 2, size, false, line.Codes);
    }

    private void Place(ReportBlock block)
    {
        switch (block)
        {
            case ReportBlock.Title title:
                Lines(title.Content, TitleSize, Leading, 0, bold: true, centred: true);
                _top -= 8;
                break;
            case ReportBlock.Heading heading:
                _top -= 10;
                Lines(heading.Content, HeadingSize, Leading, 0, bold: true, centred: false);
                _top -= 2;
                break;
            case ReportBlock.Text text:
                Lines(text.Content, TextSize, Leading, text.Indent, bold: false, centred: false);
                break;
            case ReportBlock.Table table:
                Table(table);
                break;
            case ReportBlock.Space space:
                _top -= space.Points;
                break;
        }
    }

    private void Lines(string text, double size, double leading, double indent, bool bold, bool centred)
    {
        var width = Math.Max(ContentWidth - indent, size);
        foreach (var line in _breaker.Break(text, size, width))
        {
            if (_top - (size * leading) < Margin)
            {
                NewPage();
            }

            var x = centred ? Margin + ((ContentWidth - line.Width) / 2) : Margin + Math.Min(indent, ContentWidth - size);
            _page.Texts.Add(new PlacedText(x, Baseline(_top, size, leading), size, bold, line.Codes));
            _top -= size * leading;
        }
    }

    private void Table(ReportBlock.Table table)
    {
        var total = table.Columns.Sum(c => c.Share);
        var widths = table.Columns.Select(c => ContentWidth * c.Share / total).ToArray();
        var header = Cells(table.Columns.Select(c => c.Header).ToList(), widths);
        var lineHeight = TableSize * TableLeading;
        var headerHeight = (Rows(header) * lineHeight) + (2 * CellPaddingY);
        var fullPage = PageHeight - (2 * Margin) - headerHeight;

        if (_top - headerHeight - lineHeight - (2 * CellPaddingY) < Margin)
        {
            NewPage();
        }

        Row(header, widths, 0, Rows(header), bold: true);
        foreach (var row in table.Rows)
        {
            var cells = Cells(row, widths);
            var from = 0;
            var rows = Rows(cells);
            var fresh = false;
            while (from < rows)
            {
                // On a fresh page at least one line is drawn, even under a header taller than the page, so this ends.
                var fit = (int)Math.Floor((_top - Margin - (2 * CellPaddingY)) / lineHeight);
                fit = fresh ? Math.Max(fit, 1) : fit;
                var left = rows - from;
                var fitsOnAFreshPage = (left * lineHeight) + (2 * CellPaddingY) <= fullPage;
                if (left <= fit)
                {
                    Row(cells, widths, from, left, bold: false);
                    break;
                }

                if (fit >= 1 && (!fitsOnAFreshPage || fresh))
                {
                    Row(cells, widths, from, fit, bold: false);
                    from += fit;
                }

                NewPage();
                Row(header, widths, 0, Rows(header), bold: true);
                fresh = true;
            }
        }

        _top -= 4;
    }

    private List<ReportLine>[] Cells(IReadOnlyList<string> texts, double[] widths) =>
        texts.Select((t, i) => _breaker.Break(t ?? string.Empty, TableSize, Math.Max(widths[i] - (2 * CellPaddingX), TableSize))).ToArray();

    private static int Rows(List<ReportLine>[] cells) => Math.Max(1, cells.Max(c => c.Count));

    /// <summary>Draws lines [<paramref name="from"/>, from + <paramref name="count"/>) of every cell as one ruled row.</summary>
    private void Row(List<ReportLine>[] cells, double[] widths, int from, int count, bool bold)
    {
        var lineHeight = TableSize * TableLeading;
        var height = (count * lineHeight) + (2 * CellPaddingY);
        var bottom = _top - height;
        if (bold)
        {
            _page.Fills.Add(new PlacedFill(Margin, bottom, ContentWidth, height, HeaderGray));
        }

        var x = Margin;
        for (var column = 0; column < cells.Length; column++)
        {
            var lineTop = _top - CellPaddingY;
            foreach (var line in cells[column].Skip(from).Take(count))
            {
                _page.Texts.Add(new PlacedText(x + CellPaddingX, Baseline(lineTop, TableSize, TableLeading), TableSize, bold, line.Codes));
                lineTop -= lineHeight;
            }

            _page.Rules.Add(new PlacedRule(x, _top, x, bottom));
            x += widths[column];
        }

        _page.Rules.Add(new PlacedRule(x, _top, x, bottom));
        _page.Rules.Add(new PlacedRule(Margin, _top, Margin + ContentWidth, _top));
        _page.Rules.Add(new PlacedRule(Margin, bottom, Margin + ContentWidth, bottom));
        _top = bottom;
    }

    /// <summary>The baseline of a line whose box starts at <paramref name="top"/>: the leading split above and below the glyphs.</summary>
    private double Baseline(double top, double size, double leading) =>
        top - (((size * leading) - (size * (_font.Ascent + _font.Descent))) / 2) - (size * _font.Ascent);

    private void NewPage()
    {
        _page = new ReportPage();
        _pages.Add(_page);
        _top = PageHeight - Margin;
    }
}
