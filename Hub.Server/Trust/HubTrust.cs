using Hub.Server.Secrets;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Timestamps;

namespace Hub.Server.Trust;

/// <summary>
/// The node's trust services over its data directory: the software key store (<c>keys/</c>, every key encrypted
/// under the master key), the two-level CA (<c>ca/</c>) and the RFC 3161 TSA whose certificate the CA issues on
/// first use. The CA state is file-based for now, so one process at a time should change it.
/// </summary>
public sealed class HubTrust
{
    private const string TsaSerialFile = "tsa.serial";
    private const string PlatformSealSerialFile = "platform-seal.serial";
    private readonly string _caDirectory;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _tsaGate = new(1, 1);
    private readonly SemaphoreSlim _platformSealGate = new(1, 1);
    private TimestampAuthority? _tsa;

    /// <summary>Opens the trust services of a data directory (nothing is created until used).</summary>
    public HubTrust(string dataDirectory, MasterKey masterKey, TimeProvider time)
    {
        var root = Path.GetFullPath(dataDirectory);
        _caDirectory = Path.Combine(root, "ca");
        _time = time;
        Keys = new SoftwareKeyStore(new SoftwareKeyStoreOptions
        {
            Directory = Path.Combine(root, "keys"),
            MasterKey = Convert.ToBase64String(masterKey.Bytes),
            MasterKeyId = "master-1",
        });
        Authority = new CertificateAuthority(Keys, new FileCertificateAuthorityStore(_caDirectory),
            new CertificateAuthorityOptions { RootSubject = "CN=Hub Root CA, O=Hub", IssuingSubject = "CN=Hub Issuing CA, O=Hub" },
            time);
    }

    /// <summary>Where private keys live.</summary>
    public IKeyStore Keys { get; }

    /// <summary>The Hub's certificate authority.</summary>
    public CertificateAuthority Authority { get; }

    /// <summary>The CA chain, created on first call.</summary>
    public async Task<CertificateAuthorityChain> EnsureAuthorityAsync(CancellationToken cancellationToken) =>
        await Authority.GetChainAsync(cancellationToken) ?? await Authority.InitAsync(cancellationToken);

    /// <summary>The TSA, with its certificate issued by the CA on first call.</summary>
    public async Task<TimestampAuthority> TimestampAuthorityAsync(CancellationToken cancellationToken)
    {
        if (_tsa is not null)
        {
            return _tsa;
        }

        await _tsaGate.WaitAsync(cancellationToken);
        try
        {
            if (_tsa is not null)
            {
                return _tsa;
            }

            var chain = await EnsureAuthorityAsync(cancellationToken);
            var serialFile = Path.Combine(_caDirectory, TsaSerialFile);
            IssuedCertificate? certificate = null;
            if (File.Exists(serialFile))
            {
                certificate = await Authority.GetCertificateAsync((await File.ReadAllTextAsync(serialFile, cancellationToken)).Trim(), cancellationToken);
            }

            if (certificate is null || certificate.Certificate.NotAfter < _time.GetUtcNow().AddDays(30).UtcDateTime)
            {
                certificate = await Authority.IssueAsync("CN=Hub Time-Stamping Authority, O=Hub", CertificateKind.TimestampAuthority,
                    KeyAlgorithm.Rsa3072, TimeSpan.FromDays(5 * 365), cancellationToken);
                await File.WriteAllTextAsync(serialFile, certificate.SerialNumber, cancellationToken);
            }

            var key = await Keys.OpenSigningKeyAsync(certificate.SigningKeyId, cancellationToken);
            _tsa = new TimestampAuthority(new TimestampAuthorityOptions(), certificate.Certificate, key, [chain.Issuing], _time);
            return _tsa;
        }
        finally
        {
            _tsaGate.Release();
        }
    }

    /// <summary>The subject of the platform's own seal certificate, which seals evidence reports.</summary>
    public const string PlatformSealSubject = "CN=Hub Evidence Platform, O=Hub";

    /// <summary>
    /// The platform seal certificate (organisation kind, <see cref="PlatformSealSubject"/>), issued by the CA on first
    /// call and again when fewer than 30 days of validity remain; its private key is in <see cref="Keys"/> under
    /// <see cref="IssuedCertificate.KeyId"/>.
    /// </summary>
    public async Task<IssuedCertificate> PlatformSealCertificateAsync(CancellationToken cancellationToken)
    {
        await _platformSealGate.WaitAsync(cancellationToken);
        try
        {
            await EnsureAuthorityAsync(cancellationToken);
            var serialFile = Path.Combine(_caDirectory, PlatformSealSerialFile);
            IssuedCertificate? certificate = null;
            if (File.Exists(serialFile))
            {
                certificate = await Authority.GetCertificateAsync((await File.ReadAllTextAsync(serialFile, cancellationToken)).Trim(), cancellationToken);
            }

            if (certificate is null || certificate.Certificate.NotAfter < _time.GetUtcNow().AddDays(30).UtcDateTime)
            {
                certificate = await Authority.IssueAsync(PlatformSealSubject, CertificateKind.Organisation, KeyAlgorithm.Rsa3072,
                    TimeSpan.FromDays(2 * 365), cancellationToken);
                await File.WriteAllTextAsync(serialFile, certificate.SerialNumber, cancellationToken);
            }

            return certificate;
        }
        finally
        {
            _platformSealGate.Release();
        }
    }
}
