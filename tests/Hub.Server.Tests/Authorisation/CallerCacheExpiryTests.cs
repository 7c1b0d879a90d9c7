using Hub.Activities.Organisations;
using Hub.Server.Authorisation;

namespace Hub.Server.Tests.Authorisation;

/// <summary>The cache's own rules: entries end after the lifetime, an eviction during a read keeps the read's result
/// out, and a zero lifetime caches nothing.</summary>
public sealed class CallerCacheExpiryTests
{
    private static readonly Caller Someone = new(CallerKind.Person, Guid.NewGuid(), "someone", "Someone", Guid.NewGuid(), "Org",
        [new ScopedRole(Role.Applicant, Guid.NewGuid(), "Org", "/g/")]);

    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Person_AfterTheLifetime_IsGone()
    {
        var time = new ManualTime(Noon);
        var cache = new CallerCache(time, TimeSpan.FromSeconds(5));
        cache.RememberPerson(Someone, cache.Generation);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Same(Someone, cache.Person(Someone.Id));
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Null(cache.Person(Someone.Id));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Remember_AfterAnEvictionDuringTheRead_StoresNothing()
    {
        var cache = new CallerCache(new ManualTime(Noon), TimeSpan.FromSeconds(5));
        var seen = cache.Generation;
        cache.EvictUser(Guid.NewGuid());
        cache.RememberPerson(Someone, seen);
        Assert.Null(cache.Person(Someone.Id));
        cache.RememberPerson(Someone, cache.Generation);
        Assert.Same(Someone, cache.Person(Someone.Id));
    }

    [Fact]
    public void Session_ForAnotherUser_IsNeverAnswered()
    {
        var cache = new CallerCache(new ManualTime(Noon), TimeSpan.FromSeconds(5));
        var state = new CallerCache.SessionState(Guid.NewGuid(), null);
        cache.RememberSession(Someone.Id, state, cache.Generation);
        Assert.Same(state, cache.Session(Someone.Id));
        Assert.Null(cache.Session(Guid.NewGuid()));
        Assert.Null(cache.Person(Someone.Id));
    }

    [Fact]
    public void ZeroLifetime_CachesNothing()
    {
        var cache = new CallerCache(new ManualTime(Noon), TimeSpan.Zero);
        cache.RememberPerson(Someone, cache.Generation);
        Assert.Null(cache.Person(Someone.Id));
        Assert.Equal(0, cache.Count);
    }
}
