namespace Hub.Server.Evidence;

/// <summary>The evidence chain's settings (configuration section <c>Evidence</c>).</summary>
internal sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>
    /// When the recurring job <c>evidence-anchoring</c> time-stamps the chain's head: a cron expression in UTC (five
    /// fields, Hangfire's syntax). Unset: hourly, on the hour. An invalid expression stops the node at start.
    /// </summary>
    public string AnchoringCron { get; set; } = "0 * * * *";
}
