using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hub.Trust.Verification;

namespace Hub.Activities.Identity.UKey;

/// <summary>
/// Checks a UKey answer: the certificate chains to one of the trusted CAs (the Hub CA or an imported one) and names
/// the person by their pseudonymous serial (subject serialNumber, X.520 2.5.4.5), and the signature over this
/// challenge's bytes verifies with its public key. A browser signs with WebCrypto (ECDSA P-256 gives r||s, which is
/// accepted besides DER) or a UKey middleware (RSA PKCS#1 v1.5). A certificate listed in a CRL its issuer signed
/// (RFC 5280 §6.3) is refused from its revocation date on.
/// </summary>
internal sealed class UKeyChallenge(IReadOnlyList<X509Certificate2> trustAnchors, IReadOnlyList<X509Certificate2> intermediates,
    IReadOnlyList<CertificateRevocationList>? revocations = null)
{
    private const string SerialNumberOid = "2.5.4.5";

    /// <summary>Fresh random challenge bytes.</summary>
    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(32);

    /// <summary>The exact bytes the key signs: a label, the verification id and the nonce, so a signature for one
    /// challenge never answers another.</summary>
    public static byte[] ToBeSigned(Guid verificationId, ReadOnlySpan<byte> nonce) =>
        Encoding.UTF8.GetBytes($"hub-ukey-challenge\n{verificationId:D}\n{Convert.ToBase64String(nonce)}");

    /// <summary>Why the answer does not prove control of the person's key, or null when it does.</summary>
    public string? Refusal(byte[] certificateDer, byte[] toBeSigned, byte[] signature, string pseudonym, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        }
        catch (CryptographicException)
        {
            return "The certificate is not a DER X.509 certificate.";
        }

        using (certificate)
        {
            if (!NamesPseudonym(certificate, pseudonym))
            {
                return "The certificate was not issued to this person.";
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trustAnchors.ToArray());
            chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            if (!chain.Build(certificate))
            {
                var status = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
                return $"The certificate does not chain to a trusted CA ({string.Join(", ", status)}).";
            }

            if (RevokedBy(certificate, chain, now) is { } revocation)
            {
                return $"The certificate was revoked on {revocation.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({revocation.Reason}); a revoked key cannot answer a challenge.";
            }

            return VerifySignature(certificate, toBeSigned, signature) ? null : "The signature does not verify with the certificate's key.";
        }
    }

    /// <summary>The leaf's entry in a CRL signed by its issuer (an unsigned or foreign list is not believed), if revoked by now.</summary>
    private (DateTimeOffset At, X509RevocationReason Reason)? RevokedBy(X509Certificate2 certificate, X509Chain chain, DateTimeOffset now)
    {
        if (revocations is null || chain.ChainElements.Count < 2)
        {
            return null;
        }

        var issuer = chain.ChainElements[1].Certificate;
        foreach (var list in revocations)
        {
            if (list.IsSignedBy(issuer) && list.EntryOf(certificate) is { } entry && entry.At <= now)
            {
                return entry;
            }
        }

        return null;
    }

    private static bool NamesPseudonym(X509Certificate2 certificate, string pseudonym) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames().Any(rdn =>
            !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == SerialNumberOid &&
            rdn.GetSingleElementValue() == pseudonym);

    private static bool VerifySignature(X509Certificate2 certificate, byte[] data, byte[] signature)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is null)
        {
            return false;
        }

        if (ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return true;
        }

        try
        {
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception exception) when (exception is CryptographicException or AsnContentException)
        {
            return false;
        }
    }
}
