namespace Hub.Trust.Reports;

/// <summary>One piece of a <see cref="ReportDocument"/>, in order.</summary>
internal abstract record ReportBlock
{
    private ReportBlock()
    {
    }

    public sealed record Title(string Content) : ReportBlock;

    public sealed record Heading(string Content) : ReportBlock;

    public sealed record Text(string Content, double Indent) : ReportBlock;

    public sealed record Table(IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

    public sealed record Space(double Points) : ReportBlock;
}
