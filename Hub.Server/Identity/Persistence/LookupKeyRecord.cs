namespace Hub.Server.Identity.Persistence;

/// <summary>A version of the lookup key; the key itself is derived from the master key, never stored.</summary>
internal sealed class LookupKeyRecord
{
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}
