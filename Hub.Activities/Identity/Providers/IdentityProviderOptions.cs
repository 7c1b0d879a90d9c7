namespace Hub.Activities.Identity.Providers;

/// <summary>Configuration section <c>Identity:Provider</c>: where the vendor is and how the Hub calls it.</summary>
public sealed class IdentityProviderOptions
{
    /// <summary>Name recorded on verifications; default <c>local</c>.</summary>
    public string Name { get; set; } = "local";

    /// <summary>The vendor's base URL (absolute http or https). Required.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The application id the vendor issued. Required.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The shared HMAC secret the vendor issued (base64). Required; never logged.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Time allowed for one attempt; unset: 5 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts in all for transient failures (timeouts, 429, 5xx, refused connections); unset: 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the second attempt, doubled for each further one; unset: 200 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest Retry-After the client waits for; a longer one fails at once. Unset: 5 seconds.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Refuses incomplete options with every problem named.</summary>
    /// <exception cref="ArgumentException">Something required is missing or out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
        {
            problems.Add("Identity:Provider:BaseUrl must be an absolute http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(AppId))
        {
            problems.Add("Identity:Provider:AppId is required");
        }

        if (string.IsNullOrWhiteSpace(Secret))
        {
            problems.Add("Identity:Provider:Secret is required");
        }

        if (AttemptTimeout <= TimeSpan.Zero || MaxAttempts is < 1 or > 10)
        {
            problems.Add("Identity:Provider:AttemptTimeout must be positive and MaxAttempts between 1 and 10");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems) + ".");
        }
    }
}
