using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Verification;

/// <summary>Checks an RSA PKCS#1 v1.5 or ECDSA signature named by its algorithm OID (RFC 3279, RFC 4055, RFC 5758).</summary>
internal static class SignatureAlgorithms
{
    /// <summary>The hash of a digest algorithm OID, or null when unknown.</summary>
    public static HashAlgorithmName? Digest(string? oid) => oid switch
    {
        "1.3.14.3.2.26" => HashAlgorithmName.SHA1,
        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="signature"/> over <paramref name="data"/> verifies with <paramref name="signer"/>'s key.
    /// <paramref name="digestOid"/> gives the hash when the algorithm OID names only the key type (rsaEncryption, as CMS allows).
    /// </summary>
    public static bool Verify(X509Certificate2 signer, string algorithmOid, string? digestOid, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var hash = algorithmOid switch
        {
            "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" => HashAlgorithmName.SHA1,
            "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
            "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
            "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
            "1.2.840.113549.1.1.1" or "1.2.840.10045.2.1" => Digest(digestOid),
            _ => null,
        };
        if (hash is not { } h)
        {
            return false;
        }

        try
        {
            using var rsa = signer.GetRSAPublicKey();
            if (rsa is not null)
            {
                return rsa.VerifyData(data, signature, h, RSASignaturePadding.Pkcs1);
            }

            using var ecdsa = signer.GetECDsaPublicKey();
            return ecdsa is not null && ecdsa.VerifyData(data, signature, h, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
