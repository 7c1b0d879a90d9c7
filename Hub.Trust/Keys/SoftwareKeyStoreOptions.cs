namespace Hub.Trust.Keys;

/// <summary>Configuration section <c>KeyStore</c>: where <see cref="SoftwareKeyStore"/> keeps its files and which master keys wrap them.</summary>
/// <remarks>The master keys are secrets: this type never prints them, and neither may anything that logs options.</remarks>
public sealed class SoftwareKeyStoreOptions
{
    /// <summary>Directory of the key files; created with mode 0700 when missing. Required.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The current master key: 32 bytes, base64. New and re-wrapped keys are encrypted under it. Required.</summary>
    public string MasterKey { get; set; } = "";

    /// <summary>Identifier of <see cref="MasterKey"/>, recorded in every key file so rotation knows which key wrapped it. Default "1".</summary>
    public string MasterKeyId { get; set; } = "1";

    /// <summary>Earlier master keys (id → base64) that can still unwrap keys until <see cref="SoftwareKeyStore.RewrapAllAsync"/> has run. Default empty.</summary>
    public IDictionary<string, string> PreviousMasterKeys { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"KeyStore(Directory={Directory}, MasterKeyId={MasterKeyId})";
}
