using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pki;
using Hub.Trust.Tests.Timestamps;
using Hub.Trust.Timestamps;

namespace Hub.Trust.Tests.Signing;

/// <summary>
/// The test PKI for sealing: one CA (root + issuing), a TSA on it answering in process (the HTTP client has its own
/// tests against a loopback TSA), and seal certificates with their keys, issued on demand. Files go to the PKI's
/// temporary directory.
/// </summary>
internal sealed class SealingPki : IAsyncDisposable
{
    private readonly PkiTsa _tsa;
    private readonly List<IDisposable> _keys = [];

    private SealingPki(PkiTsa tsa)
    {
        _tsa = tsa;
        Timestamps = tsa.Stamper;
    }

    public TestPki Pki => _tsa.Pki;

    public CertificateAuthority Authority => _tsa.Pki.Authority;

    public ITimeStamper Timestamps { get; }

    /// <summary>Root and issuing CA as one PEM file (the CA bundle of verify-pdf and openssl).</summary>
    public string CaBundle { get; private set; } = null!;

    public string Directory => _tsa.Pki.Directory.Path;

    public static async Task<SealingPki> CreateAsync()
    {
        var tsa = await PkiTsa.CreateAsync();
        var pki = new SealingPki(tsa);
        pki.CaBundle = tsa.WriteChainPem();
        return pki;
    }

    /// <summary>A new organisation seal certificate and its key.</summary>
    public async Task<(IssuedCertificate Issued, AsymmetricAlgorithm Key)> IssueSealAsync(string name, KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048)
    {
        var issued = await Authority.IssueAsync(
            $"CN={name}, O=Hub Test Trading Co. Ltd, C=CN", CertificateKind.Organisation, algorithm, TimeSpan.FromDays(30), CancellationToken.None);
        var key = await Pki.Keys.OpenSigningKeyAsync(issued.SigningKeyId, CancellationToken.None);
        _keys.Add(key);
        return (issued, key);
    }

    /// <summary>A request for a new seal certificate, at the given level and placement.</summary>
    public async Task<PdfSealRequest> RequestAsync(
        string name, PadesLevel level = PadesLevel.BaselineB, SealPlacement? placement = null, KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048, bool certify = false)
    {
        var (issued, key) = await IssueSealAsync(name, algorithm);
        return await RequestAsync(issued, key, level, placement, certify);
    }

    /// <summary>A request for a seal certificate issued earlier, at the given level and placement.</summary>
    public async Task<PdfSealRequest> RequestAsync(IssuedCertificate issued, AsymmetricAlgorithm key, PadesLevel level, SealPlacement? placement, bool certify)
    {
        var name = issued.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return new PdfSealRequest
        {
            Certificate = issued.Certificate,
            PrivateKey = key,
            Chain = issued.Chain,
            Level = level,
            Placement = placement ?? SealPlacement.OnPage(0, new(36, 36, 156, 96)),
            Appearance = TestAppearance.RedRectangle(name),
            Certify = certify,
            Crls = level >= PadesLevel.BaselineLT ? [await Authority.CreateCrlAsync(CancellationToken.None)] : [],
        };
    }

    public PdfSigner Signer() => new(Timestamps, Pki.Time);

    public IReadOnlyList<X509Certificate2> Anchors => [Pki.Chain.Root];

    public ValueTask DisposeAsync()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        _tsa.Dispose();
        return ValueTask.CompletedTask;
    }
}
