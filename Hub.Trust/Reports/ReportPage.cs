namespace Hub.Trust.Reports;

/// <summary>What one page shows once laid out: text runs, rules and shaded boxes, in PDF points from the lower left.</summary>
internal sealed class ReportPage
{
    public List<PlacedText> Texts { get; } = [];

    public List<PlacedRule> Rules { get; } = [];

    public List<PlacedFill> Fills { get; } = [];
}

/// <summary>A run of character codes (<see cref="ReportFont.Code"/>) on one baseline.</summary>
internal sealed record PlacedText(double X, double Baseline, double Size, bool Bold, IReadOnlyList<int> Codes);

/// <summary>A straight line.</summary>
internal sealed record PlacedRule(double X1, double Y1, double X2, double Y2);

/// <summary>A grey-filled rectangle (a table's header row).</summary>
internal sealed record PlacedFill(double X, double Y, double Width, double Height, double Gray);
