using System.Collections.Concurrent;
using Hub.Server.Authentication;

namespace Hub.Server.Authorisation;

/// <summary>
/// What authentication reads on every request, kept in this node's memory for a short <see cref="Lifetime"/>: a
/// user's security stamp and lockout (the session cookie check), the resolved <see cref="Caller"/> of a person or
/// of an API key, and the API key row a signed request names. Without it every request cost three statements before
/// its handler ran (bench/RESULTS.md, Workflows).
/// </summary>
/// <remarks>
/// The security bound: a write made through this node (sign-out, password change, lockout, role grant or withdrawal,
/// user change, key revocation, organisation change) evicts the affected entries at once, before and again after it
/// commits (<see cref="CallerCacheEviction"/>, <see cref="SessionCookie"/>), so the very next request on this node
/// sees it. A write made through another node, the CLI or SQL reaches this node within <see cref="Lifetime"/>
/// (5 s unless configured by <c>Authentication:CallerCacheSeconds</c>; 0 turns the cache off). Entries are keyed
/// by the user id or key id taken from an authenticated principal, never by anything a client chooses freely, so
/// one user's caller can only be served to a principal of that same user.
/// </remarks>
internal sealed class CallerCache(TimeProvider time, TimeSpan lifetime)
{
    /// <summary>More entries than this are swept of expired ones, then dropped, so memory stays bounded.</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<Key, Entry> entries = new();
    private long generation;

    /// <summary>The session state the cookie check compares with: the current stamp and any lockout.</summary>
    public sealed record SessionState(Guid SecurityStamp, DateTimeOffset? LockedUntil);

    private enum KeyKind
    {
        Session,
        Person,
        System,
        ApiKey,
    }

    private readonly record struct Key(KeyKind Kind, Guid Id, string? Name);

    // A class, not a record: an entry is removed only if it is still this very instance (see Remember).
    private sealed class Entry(object value, DateTimeOffset expiresAt)
    {
        public object Value { get; } = value;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;
    }

    public TimeSpan Lifetime => lifetime;

    /// <summary>Take this before reading the database and hand it to a <c>Remember</c> method: an eviction in between
    /// then keeps the possibly stale result out of the cache.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public int Count => entries.Count;

    public SessionState? Session(Guid userId) => Get<SessionState>(new Key(KeyKind.Session, userId, null));

    public void RememberSession(Guid userId, SessionState state, long seenGeneration) =>
        Remember(new Key(KeyKind.Session, userId, null), state, seenGeneration);

    public Caller? Person(Guid userId) => Get<Caller>(new Key(KeyKind.Person, userId, null));

    public void RememberPerson(Caller caller, long seenGeneration) =>
        Remember(new Key(KeyKind.Person, caller.Id, null), caller, seenGeneration);

    public Caller? System(Guid keyRowId) => Get<Caller>(new Key(KeyKind.System, keyRowId, null));

    public void RememberSystem(Caller caller, long seenGeneration) =>
        Remember(new Key(KeyKind.System, caller.Id, null), caller, seenGeneration);

    public ApiKey? ApiKey(string keyId) => Get<ApiKey>(new Key(KeyKind.ApiKey, Guid.Empty, keyId));

    public void RememberApiKey(ApiKey key, long seenGeneration) =>
        Remember(new Key(KeyKind.ApiKey, Guid.Empty, key.KeyId), key, seenGeneration);

    /// <summary>Forgets a user's session state and caller.</summary>
    public void EvictUser(Guid userId)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(new Key(KeyKind.Session, userId, null), out _);
        entries.TryRemove(new Key(KeyKind.Person, userId, null), out _);
    }

    /// <summary>Forgets an API key and its caller.</summary>
    public void EvictApiKey(Guid keyRowId, string keyId)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(new Key(KeyKind.System, keyRowId, null), out _);
        entries.TryRemove(new Key(KeyKind.ApiKey, Guid.Empty, keyId), out _);
    }

    /// <summary>Forgets everything, for changes that may touch any caller (an organisation renamed or moved).</summary>
    public void EvictAll()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private T? Get<T>(Key key) where T : class
    {
        if (lifetime <= TimeSpan.Zero || !entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt <= time.GetUtcNow())
        {
            entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
            return null;
        }

        return entry.Value as T;
    }

    private void Remember(Key key, object value, long seenGeneration)
    {
        if (lifetime <= TimeSpan.Zero || Generation != seenGeneration)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            Sweep();
        }

        var entry = new Entry(value, time.GetUtcNow() + lifetime);
        entries[key] = entry;
        // An eviction that ran between the check above and the store did not see this entry; take it out again.
        if (Generation != seenGeneration)
        {
            entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in entries)
        {
            if (entry.ExpiresAt <= now)
            {
                entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
            }
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }
    }
}
