namespace Hub.Activities.Evidence;

/// <summary>How evidence reports are produced (configuration section <c>Evidence:Report</c>).</summary>
public sealed class EvidenceReportOptions
{
    /// <summary>The issuing platform's name printed on the report. Unset: Hub 集团电子签章平台.</summary>
    public string PlatformName { get; init; } = "Hub 集团电子签章平台";

    /// <summary>The /Reason of the platform's seal when the request gives none. Unset: 证据报告.</summary>
    public string Reason { get; init; } = "证据报告";

    /// <summary>A TrueType ('glyf' outline) CJK font file for the report's text. Unset: AR PL UMing, the seals' font.</summary>
    public string? FontPath { get; init; }

    /// <summary>The zone in which times are shown. Unset: Asia/Shanghai.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
}
