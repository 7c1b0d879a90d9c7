namespace Hub.Testing;

/// <summary>
/// A clock the test sets or moves by hand, so expiry, retention and validity are tested without waiting.
/// Reads and moves are atomic, because the code under test may read it from other threads.
/// </summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    /// <summary>A clock starting at the real time, so external tools (openssl verify) agree with certificates it dates.</summary>
    public static ManualTime StartingNow() => new(DateTimeOffset.UtcNow);

    /// <summary>The time the clock shows (UTC); setting it moves the clock there, backwards too.</summary>
    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void Set(DateTimeOffset now) => Now = now;
}
