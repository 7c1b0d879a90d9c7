namespace Hub.Activities.Documents.Templates;

/// <summary>How a template is filled (configuration section <c>Documents:Render</c>).</summary>
public sealed class TemplateRenderOptions
{
    /// <summary>The defaults: China Standard Time and <see cref="DocumentLimits.Default"/>.</summary>
    public static TemplateRenderOptions Default { get; } = new();

    /// <summary>The zone in which date-times are shown as calendar dates. Unset: Asia/Shanghai (UTC+08:00).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Bounds on the package and on repeats. Unset: <see cref="DocumentLimits.Default"/>.</summary>
    public DocumentLimits Limits { get; init; } = DocumentLimits.Default;
}
