namespace Hub.Activities.Tests.Archive;

/// <summary>A clock the test moves by hand, so retention is tested without waiting.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
