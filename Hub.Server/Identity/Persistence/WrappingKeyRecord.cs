namespace Hub.Server.Identity.Persistence;

/// <summary>A wrapping key of the identity key ring, itself encrypted under the node's master key.</summary>
internal sealed class WrappingKeyRecord
{
    public int Version { get; set; }

    public byte[] WrappedKey { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}
