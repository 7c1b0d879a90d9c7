using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Pki;

/// <summary>Opens and checks a PKCS#12 from an external CA before its key enters the key store.</summary>
internal sealed class ExternalPkcs12
{
    private ExternalPkcs12(X509Certificate2 certificate, AsymmetricAlgorithm privateKey, IReadOnlyList<X509Certificate2> chain)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        Chain = chain;
    }

    public X509Certificate2 Certificate { get; }

    public AsymmetricAlgorithm PrivateKey { get; }

    /// <summary>Issuer certificates from the issuer up to the self-signed root.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    public static ExternalPkcs12 Open(ReadOnlyMemory<byte> pkcs12, string password, IReadOnlyCollection<X509Certificate2> extraChain, DateTimeOffset now)
    {
        X509Certificate2Collection contents;
        try
        {
            contents = X509CertificateLoader.LoadPkcs12Collection(pkcs12.Span, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException e)
        {
            throw new CertificateAuthorityException($"The PKCS#12 cannot be opened (wrong password, or not a PKCS#12 file): {e.Message}", e);
        }

        var withKey = contents.Where(c => c.HasPrivateKey).ToList();
        if (withKey.Count != 1)
        {
            throw new CertificateAuthorityException($"The PKCS#12 holds {withKey.Count} private keys; exactly one is required.");
        }

        var certificate = withKey[0];
        CheckUsage(certificate);
        CheckValidity(certificate, now);
        var chain = BuildChain(certificate, [.. contents.Where(c => !c.HasPrivateKey), .. extraChain], now);
        AsymmetricAlgorithm privateKey = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new CertificateAuthorityException($"The private key of '{certificate.Subject}' is neither RSA nor ECDSA.");
        return new ExternalPkcs12(certificate, privateKey, chain);
    }

    private static void CheckUsage(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
        {
            throw new CertificateAuthorityException($"'{certificate.Subject}' is a CA certificate; import an end-entity signing certificate.");
        }

        // RFC 5280 §4.2.1.3: without the extension the key is not restricted; with it, a signing key needs one of these bits.
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        const X509KeyUsageFlags signing = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;
        if (keyUsage is not null && (keyUsage.KeyUsages & signing) == 0)
        {
            throw new CertificateAuthorityException(
                $"'{certificate.Subject}' has key usage {keyUsage.KeyUsages}, which allows neither digitalSignature nor nonRepudiation.");
        }
    }

    // Said plainly before the chain is built, whose own status for this ("NotTimeValid") names no dates.
    private static void CheckValidity(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (now.UtcDateTime > certificate.NotAfter.ToUniversalTime())
        {
            throw new CertificateAuthorityException($"'{certificate.Subject}' expired at {certificate.NotAfter.ToUniversalTime():u}; import a current certificate.");
        }

        if (now.UtcDateTime < certificate.NotBefore.ToUniversalTime())
        {
            throw new CertificateAuthorityException($"'{certificate.Subject}' is not valid before {certificate.NotBefore.ToUniversalTime():u}.");
        }
    }

    private static List<X509Certificate2> BuildChain(X509Certificate2 certificate, List<X509Certificate2> candidates, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        foreach (var candidate in candidates)
        {
            if (candidate.SubjectName.RawData.AsSpan().SequenceEqual(candidate.IssuerName.RawData))
            {
                chain.ChainPolicy.CustomTrustStore.Add(candidate);
            }
            else
            {
                chain.ChainPolicy.ExtraStore.Add(candidate);
            }
        }

        if (!chain.Build(certificate))
        {
            var problems = chain.ChainElements
                .SelectMany(e => e.ChainElementStatus.Select(s => $"'{e.Certificate.Subject}': {s.Status} ({s.StatusInformation.Trim()})"))
                .DefaultIfEmpty("no path to a self-signed root");
            var top = chain.ChainElements[^1].Certificate;
            throw new CertificateAuthorityException(
                $"The chain of '{certificate.Subject}' is incomplete or invalid; give the issuer certificates up to the root "
                + $"(last certificate found: '{top.Subject}', issued by '{top.Issuer}'): {string.Join("; ", problems)}.");
        }

        return [.. chain.ChainElements.Skip(1).Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData))];
    }
}
