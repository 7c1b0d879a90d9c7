namespace Hub.Trust.Reports;

/// <summary>A table column: its header and its share of the table's width (shares are relative to each other).</summary>
public sealed record ReportColumn(string Header, double Share);
