namespace Hub.Activities.Identity.Otp;

/// <summary>
/// How often codes may be sent to one number: one a minute and five an hour, the limits the SMS gateways themselves
/// apply to verification templates; beyond them the Hub refuses before the gateway does.
/// </summary>
internal static class SmsRateLimit
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);
    public const int PerHour = 5;

    /// <summary>How long to wait before the next code may be sent, or null when it may be sent now.</summary>
    public static TimeSpan? WaitBeforeNext(IReadOnlyCollection<DateTimeOffset> sentToNumber, DateTimeOffset now)
    {
        var recent = sentToNumber.Where(t => t > now - TimeSpan.FromHours(1)).OrderBy(t => t).ToList();
        if (recent.Count > 0 && now - recent[^1] < MinimumInterval)
        {
            return MinimumInterval - (now - recent[^1]);
        }

        return recent.Count >= PerHour ? recent[^PerHour] + TimeSpan.FromHours(1) - now : null;
    }
}
