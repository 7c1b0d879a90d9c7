namespace Hub.Workflows.Activities;

/// <summary>The retry policy of an activity as its descriptor carries it.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included; 1 means no retry.</param>
/// <param name="InitialBackoff">Delay before the second attempt.</param>
/// <param name="BackoffMultiplier">Factor per further attempt.</param>
/// <param name="MaxBackoff">Longest delay.</param>
/// <param name="TransientErrors">Full names of exception types counted as transient.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialBackoff, double BackoffMultiplier, TimeSpan MaxBackoff,
    IReadOnlyList<string> TransientErrors)
{
    /// <summary>No retry: one attempt.</summary>
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, 1, TimeSpan.Zero, []);

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var seconds = InitialBackoff.TotalSeconds * Math.Pow(BackoffMultiplier, Math.Max(0, attempt - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }
}
