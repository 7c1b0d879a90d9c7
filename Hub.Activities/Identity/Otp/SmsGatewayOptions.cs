namespace Hub.Activities.Identity.Otp;

/// <summary>Configuration section <c>Identity:Sms</c>: the HTTP SMS gateway. Without <see cref="Url"/> the node keeps codes
/// in the development sink instead of sending them.</summary>
public sealed class SmsGatewayOptions
{
    /// <summary>The gateway's send endpoint (POST). Unset: the development sink is used.</summary>
    public Uri? Url { get; set; }

    /// <summary>The Hub's application id at the gateway (header X-Ca-App).</summary>
    public string AppId { get; set; } = "";

    /// <summary>The shared HMAC-SHA256 secret (base64) the requests are signed with; required with <see cref="Url"/>.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Timeout of one attempt; 5 s when unset.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts in all (retries on no answer, 408, 429 and 5xx); 3 when unset.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt, doubled for each further one (a 429's Retry-After wins, up to 5 s).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Checks the options at start-up.</summary>
    /// <exception cref="InvalidOperationException">A gateway URL without secret, or limits out of range.</exception>
    public void Validate()
    {
        if (Url is not null && (string.IsNullOrEmpty(Secret) || !Url.IsAbsoluteUri))
        {
            throw new InvalidOperationException("Identity:Sms needs an absolute Url and a Secret to sign requests with.");
        }

        if (MaxAttempts is < 1 or > 10 || AttemptTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Identity:Sms MaxAttempts must be 1–10 and AttemptTimeout positive.");
        }
    }
}
