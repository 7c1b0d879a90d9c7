using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Activities.Archive;

/// <summary>
/// A document's manifest: its description (<see cref="ManifestBody"/>) and its key wrapped by an archive key. The body's
/// exact bytes are the associated data of the wrap, so editing any field (owner, size, segment count, hold) makes the
/// key unwrap fail: the manifest is authenticated by the same operation that opens the document.
/// </summary>
internal sealed class ArchiveManifest
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private ArchiveManifest(ManifestBody body, byte[] bodyBytes, WrappedKey key)
    {
        Body = body;
        BodyBytes = bodyBytes;
        Key = key;
    }

    public ManifestBody Body { get; }

    public WrappedKey Key { get; }

    private byte[] BodyBytes { get; }

    /// <summary>Wraps <paramref name="documentKey"/> under the ring's current key for <paramref name="body"/>.</summary>
    public static ArchiveManifest Create(ManifestBody body, byte[] documentKey, ArchiveKeyRing ring)
    {
        var bodyBytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var wrapped = new byte[documentKey.Length + TagSize];
        using (var aes = new AesGcm(ring.Current, TagSize))
        {
            aes.Encrypt(nonce, documentKey, wrapped.AsSpan(0, documentKey.Length), wrapped.AsSpan(documentKey.Length),
                AssociatedData(ring.CurrentKeyId, bodyBytes));
        }

        return new ArchiveManifest(body, bodyBytes, new WrappedKey(ring.CurrentKeyId, nonce, wrapped));
    }

    public static ArchiveManifest Parse(string documentId, byte[] manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var bodyElement = document.RootElement.GetProperty("body");
            var bodyBytes = Encoding.UTF8.GetBytes(bodyElement.GetRawText());
            var body = bodyElement.Deserialize<ManifestBody>(Json)!;
            var key = document.RootElement.GetProperty("key").Deserialize<WrappedKey>(Json)!;
            if (body.DocumentId != documentId || key.KeyId is null || key.Nonce is not { Length: NonceSize } || key.Wrapped is not { Length: 32 + TagSize })
            {
                throw new JsonException("fields do not match the document");
            }

            return new ArchiveManifest(body, bodyBytes, key);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ArchiveIntegrityException($"The manifest of document {DocumentId.Short(documentId)} is unreadable ({e.Message}).", e);
        }
    }

    public byte[] Serialize() => Encoding.UTF8.GetBytes(
        "{\"key\":" + JsonSerializer.Serialize(Key, Json) + ",\"body\":" + Encoding.UTF8.GetString(BodyBytes) + "}");

    /// <summary>Unwraps the document key, which authenticates the body.</summary>
    public byte[] Unwrap(ArchiveKeyRing ring)
    {
        if (!ring.TryGet(Key.KeyId, out var archiveKey))
        {
            throw new ArchiveKeyException(
                $"Document {DocumentId.Short(Body.DocumentId)} is wrapped under archive key '{Key.KeyId}', which this Hub does not hold (current key '{ring.CurrentKeyId}').");
        }

        var documentKey = new byte[Key.Wrapped.Length - TagSize];
        using var aes = new AesGcm(archiveKey, TagSize);
        try
        {
            aes.Decrypt(Key.Nonce, Key.Wrapped.AsSpan(0, documentKey.Length), Key.Wrapped.AsSpan(documentKey.Length), documentKey,
                AssociatedData(Key.KeyId, BodyBytes));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ArchiveIntegrityException(
                $"The manifest of document {DocumentId.Short(Body.DocumentId)} fails authentication under archive key '{Key.KeyId}': it was altered.", e);
        }

        return documentKey;
    }

    private static byte[] AssociatedData(string keyId, byte[] bodyBytes) =>
        [.. Encoding.UTF8.GetBytes("hub-archive-key/1\0" + keyId + "\0"), .. bodyBytes];
}

/// <summary>What the manifest says about a document; every field is authenticated.</summary>
internal sealed record ManifestBody(
    string Format,
    string DocumentId,
    string OwnerPath,
    string MediaType,
    long Size,
    int SegmentSize,
    int SegmentCount,
    DateTimeOffset StoredAt,
    DateTimeOffset RetainUntil,
    LegalHold? LegalHold,
    IReadOnlyList<ParticipantEnvelope> Participants)
{
    public const string CurrentFormat = "hub-archive/1";
}

/// <summary>A legal hold: who placed it, when, and why.</summary>
internal sealed record LegalHold(DateTimeOffset Since, string PlacedBy, string Reason);

/// <summary>The document key as CMS EnvelopedData (RFC 5652 §6) for one participant's certificate.</summary>
internal sealed record ParticipantEnvelope(string Thumbprint, string Subject, byte[] Envelope);

/// <summary>The document key, AES-256-GCM-wrapped under archive key <see cref="KeyId"/>.</summary>
internal sealed record WrappedKey(string KeyId, byte[] Nonce, byte[] Wrapped);
