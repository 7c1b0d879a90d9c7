namespace Hub.Trust.Reports;

/// <summary>
/// A plain document the Hub writes itself, without a word processor: a title, headings, wrapped text and ruled tables,
/// laid out on A4 pages by <see cref="ReportPdf"/>. For reports whose content is the Hub's own facts (the evidence
/// report), where a template would add a conversion and nothing a reader needs.
/// </summary>
public sealed class ReportDocument
{
    private readonly List<ReportBlock> _blocks = [];

    /// <summary>Starts a document; <paramref name="title"/> is its metadata title (shown by viewers in the window bar).</summary>
    public ReportDocument(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The metadata title.</summary>
    public string Title { get; }

    internal IReadOnlyList<ReportBlock> Blocks => _blocks;

    /// <summary>A centred title in large type.</summary>
    public ReportDocument Heading1(string text) => Add(new ReportBlock.Title(text));

    /// <summary>A section heading.</summary>
    public ReportDocument Heading(string text) => Add(new ReportBlock.Heading(text));

    /// <summary>Text wrapped to the page width, indented by <paramref name="indent"/> points; a line feed starts a new line.</summary>
    public ReportDocument Text(string text, double indent = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(indent);
        return Add(new ReportBlock.Text(text, indent));
    }

    /// <summary>A ruled table with a header row repeated on every page it spans; each row has one text per column.</summary>
    /// <exception cref="ArgumentException">No columns, a share that is not positive, or a row whose cells do not match the columns.</exception>
    public ReportDocument Table(IReadOnlyList<ReportColumn> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (columns.Count == 0 || columns.Any(c => !(c.Share > 0) || double.IsInfinity(c.Share)))
        {
            throw new ArgumentException("A table needs at least one column, each with a positive, finite share of the width.", nameof(columns));
        }

        var table = rows.ToList();
        var uneven = table.FindIndex(r => r is null || r.Count != columns.Count);
        if (uneven >= 0)
        {
            throw new ArgumentException($"Row {uneven + 1} has {table[uneven]?.Count ?? 0} cells; the table has {columns.Count} columns.", nameof(rows));
        }

        return Add(new ReportBlock.Table(columns, table));
    }

    /// <summary>Vertical space of <paramref name="points"/>.</summary>
    public ReportDocument Space(double points)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        return Add(new ReportBlock.Space(points));
    }

    private ReportDocument Add(ReportBlock block)
    {
        _blocks.Add(block);
        return this;
    }
}
