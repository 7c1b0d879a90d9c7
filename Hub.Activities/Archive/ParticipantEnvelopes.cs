using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Activities.Archive;

/// <summary>
/// CMS EnvelopedData (RFC 5652 §6) for participants: key transport with RSAES-OAEP SHA-256 (RFC 8017 §7.1, in CMS per
/// RFC 4055) and AES-256-CBC content encryption (RFC 3565), which <c>openssl cms -decrypt</c> reads.
/// </summary>
internal static class ParticipantEnvelopes
{
    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";

    public static string Thumbprint(X509Certificate2 certificate) => Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));

    public static byte[] Seal(ReadOnlySpan<byte> content, X509Certificate2 recipient)
    {
        using (var rsa = recipient.GetRSAPublicKey())
        {
            if (rsa is null)
            {
                throw new ArchiveKeyException(
                    $"Participant certificate '{recipient.Subject}' has a {recipient.PublicKey.Oid.FriendlyName ?? recipient.PublicKey.Oid.Value} key; CMS key transport needs RSA.");
            }
        }

        var envelope = new EnvelopedCms(new ContentInfo(content.ToArray()), new AlgorithmIdentifier(new Oid(Aes256Cbc)));
        envelope.Encrypt(new CmsRecipient(SubjectIdentifierType.IssuerAndSerialNumber, recipient, RSAEncryptionPadding.OaepSHA256));
        return envelope.Encode();
    }

    public static byte[] Open(byte[] encoded, X509Certificate2 recipient, string documentId)
    {
        using var key = recipient.GetRSAPrivateKey()
            ?? throw new ArchiveKeyException($"The certificate '{recipient.Subject}' comes without its private key; it cannot open document {DocumentId.Short(documentId)}.");
        var envelope = new EnvelopedCms();
        try
        {
            envelope.Decode(encoded);
            var info = envelope.RecipientInfos.Cast<RecipientInfo>().Single();
            envelope.Decrypt(info, key);
        }
        catch (CryptographicException e)
        {
            throw new ArchiveKeyException(
                $"The participant envelope of document {DocumentId.Short(documentId)} does not open with the key of '{recipient.Subject}' ({e.Message}).", e);
        }

        return envelope.ContentInfo.Content;
    }
}
