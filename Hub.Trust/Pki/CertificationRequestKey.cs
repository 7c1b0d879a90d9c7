using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Pki;

/// <summary>
/// Reads the public key out of a PKCS#10 certification request (RFC 2986) after checking the request's own signature,
/// which is the proof that whoever sent it holds the private key (RFC 4211 §4 calls this proof of possession).
/// </summary>
internal static class CertificationRequestKey
{
    // A P-256 request is ~300 bytes and an RSA-4096 one ~1.2 KB; anything far larger is not a request we issue for.
    private const int MaxLength = 16 * 1024;
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";

    public static PublicKey Read(ReadOnlyMemory<byte> der)
    {
        if (der.Length is 0 or > MaxLength)
        {
            throw new CertificateAuthorityException($"A certification request is 1 to {MaxLength} bytes of DER; this one is {der.Length}.");
        }

        CertificateRequest request;
        int consumed;
        try
        {
            // Default options verify the request's signature with its own key; the hash argument only matters when the
            // loaded request is itself signed again, which the CA never does.
            request = CertificateRequest.LoadSigningRequest(der.Span, HashAlgorithmName.SHA256, out consumed,
                CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is CryptographicException or NotSupportedException or System.Formats.Asn1.AsnContentException)
        {
            // An unknown curve or algorithm in the request surfaces as NotSupportedException, not a crypto error.
            throw new CertificateAuthorityException($"The certification request is not a PKCS#10 request whose signature verifies: {e.Message}", e);
        }

        if (consumed != der.Length)
        {
            throw new CertificateAuthorityException($"The certification request has {der.Length - consumed} bytes after its end.");
        }

        RequireStrongKey(request.PublicKey);
        return request.PublicKey;
    }

    private static void RequireStrongKey(PublicKey key)
    {
        switch (key.Oid.Value)
        {
            case RsaOid:
                using (var rsa = key.GetRSAPublicKey()!)
                {
                    if (rsa.KeySize < 2048)
                    {
                        throw new CertificateAuthorityException($"The request's RSA key has {rsa.KeySize} bits; at least 2048 are required.");
                    }
                }

                break;
            case EcOid:
                using (var ecdsa = key.GetECDsaPublicKey()!)
                {
                    var curve = ecdsa.ExportParameters(false).Curve.Oid.Value;
                    if (curve is not (P256Oid or P384Oid))
                    {
                        throw new CertificateAuthorityException($"The request's EC key is on curve {curve ?? "(unnamed)"}; P-256 or P-384 is required.");
                    }
                }

                break;
            default:
                throw new CertificateAuthorityException($"The request's key algorithm {key.Oid.Value} is not RSA or ECDSA.");
        }
    }
}
