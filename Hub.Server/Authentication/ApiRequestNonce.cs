namespace Hub.Server.Authentication;

/// <summary>A nonce seen on a signed request within the replay window; a second use is a replay.</summary>
internal sealed class ApiRequestNonce
{
    private ApiRequestNonce()
    {
        KeyId = string.Empty;
        Nonce = string.Empty;
    }

    public ApiRequestNonce(string keyId, string nonce, DateTimeOffset seenAt)
    {
        KeyId = keyId;
        Nonce = nonce;
        SeenAt = seenAt;
    }

    public string KeyId { get; private set; }

    public string Nonce { get; private set; }

    public DateTimeOffset SeenAt { get; private set; }
}
