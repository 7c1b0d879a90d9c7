using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Timestamps;

namespace Hub.Server.Trust;

/// <summary>
/// The node's trust services: the key store (in the database, every key wrapped under the master key, see
/// <see cref="DatabaseKeyRecords"/>), the two-level CA whose state (hierarchy, certificates, revocations, CRL number)
/// lives in the database through <see cref="ICertificateAuthorityStore"/>, and the platform's own certificates (the
/// RFC 3161 TSA, the evidence platform seal), issued on first use and designated in the database. Several nodes
/// sharing one database and one master key see one CA, sign with the same keys and agree on one certificate per role.
/// </summary>
public sealed class HubTrust
{
    // Renewal starts this long before a platform certificate expires.
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromDays(30);

    // A published CRL is re-signed at least this often even without a new revocation, far inside its 7-day validity.
    private static readonly TimeSpan CrlReuse = TimeSpan.FromHours(1);
    private readonly ICertificateAuthorityStore _store;
    private readonly TrustDesignations _designations;
    private readonly SemaphoreSlim _crlGate = new(1, 1);
    private PublishedCrl? _crl;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _tsaGate = new(1, 1);
    private readonly SemaphoreSlim _platformSealGate = new(1, 1);
    private TimestampAuthority? _tsa;

    /// <summary>Opens the trust services over a key store and the database's CA state (nothing is created until used).</summary>
    internal HubTrust(IKeyStore keys, ICertificateAuthorityStore store, TrustDesignations designations, TimeProvider time)
    {
        _store = store;
        _designations = designations;
        _time = time;
        Keys = keys;
        Authority = new CertificateAuthority(Keys, store,
            new CertificateAuthorityOptions { RootSubject = "CN=Hub Root CA, O=Hub", IssuingSubject = "CN=Hub Issuing CA, O=Hub" },
            time);
    }

    /// <summary>Where private keys live.</summary>
    public IKeyStore Keys { get; }

    /// <summary>The Hub's certificate authority.</summary>
    public CertificateAuthority Authority { get; }

    /// <summary>The CA chain, created on first call; nodes starting together converge on one CA.</summary>
    public async Task<CertificateAuthorityChain> EnsureAuthorityAsync(CancellationToken cancellationToken)
    {
        if (await Authority.GetChainAsync(cancellationToken) is { } chain)
        {
            return chain;
        }

        try
        {
            return await Authority.InitAsync(cancellationToken);
        }
        catch (CertificateAuthorityException)
        {
            // Another node finished initialising between the read above and InitAsync's own check.
            if (await Authority.GetChainAsync(cancellationToken) is not { } winner)
            {
                throw;
            }

            return winner;
        }
    }

    /// <summary>
    /// The issuing CA's current CRL (DER). It is signed again only when the database holds a revocation it does not
    /// list, or when it is an hour old, so the anonymous <c>GET /ca/crl</c> and every UKey answer cost a read, not a
    /// CA signature and a new CRL number. A revocation made on any node is listed by the next call.
    /// </summary>
    public async Task<byte[]> CurrentCrlAsync(CancellationToken cancellationToken)
    {
        await EnsureAuthorityAsync(cancellationToken);
        var revocations = (await _store.ListRevocationsAsync(cancellationToken)).Count;
        if (_crl is { } published && published.Covers(revocations, _time.GetUtcNow()))
        {
            return published.Der;
        }

        await _crlGate.WaitAsync(cancellationToken);
        try
        {
            if (_crl is { } fresh && fresh.Covers(revocations, _time.GetUtcNow()))
            {
                return fresh.Der;
            }

            // Revocations are never undone, so their count only grows: a CRL signed after reading it lists at least that many.
            var der = await Authority.CreateCrlAsync(cancellationToken);
            _crl = new PublishedCrl(der, revocations, _time.GetUtcNow());
            return der;
        }
        finally
        {
            _crlGate.Release();
        }
    }

    /// <summary>Time-stamps with this node's own TSA (<see cref="TimestampAuthorityAsync"/>) in process, each token verified as an external one would be.</summary>
    public async Task<ITimeStamper> TimeStamperAsync(CancellationToken cancellationToken) =>
        new InProcessTimeStamper(await TimestampAuthorityAsync(cancellationToken));

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
            var certificate = await DesignatedAsync(TrustDesignations.TimestampAuthority, token => Authority.IssueAsync(
                "CN=Hub Time-Stamping Authority, O=Hub", CertificateKind.TimestampAuthority, KeyAlgorithm.Rsa3072, TimeSpan.FromDays(5 * 365), token),
                cancellationToken);
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
    /// <see cref="IssuedCertificate.SigningKeyId"/>.
    /// </summary>
    public async Task<IssuedCertificate> PlatformSealCertificateAsync(CancellationToken cancellationToken)
    {
        await _platformSealGate.WaitAsync(cancellationToken);
        try
        {
            await EnsureAuthorityAsync(cancellationToken);
            return await DesignatedAsync(TrustDesignations.PlatformSeal, token => Authority.IssueAsync(
                PlatformSealSubject, CertificateKind.Organisation, KeyAlgorithm.Rsa3072, TimeSpan.FromDays(2 * 365), token), cancellationToken);
        }
        finally
        {
            _platformSealGate.Release();
        }
    }

    /// <summary>
    /// The certificate designated for <paramref name="role"/>; when there is none or it expires within the renewal
    /// margin, issues one and designates it by compare-and-set. A node that loses that race revokes the certificate
    /// it issued (never used, RFC 5280 reason superseded) and takes the winner's.
    /// </summary>
    private async Task<IssuedCertificate> DesignatedAsync(
        string role, Func<CancellationToken, Task<IssuedCertificate>> issue, CancellationToken cancellationToken)
    {
        // Each lost race means another node designated a fresh certificate just now, so the next read finds it.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var serial = await _designations.FindAsync(role, cancellationToken);
            var current = serial is null ? null : await Authority.GetCertificateAsync(serial, cancellationToken);
            if (current is not null && current.Certificate.NotAfter >= (_time.GetUtcNow() + RenewalMargin).UtcDateTime)
            {
                return current;
            }

            var issued = await issue(cancellationToken);
            if (await _designations.TryDesignateAsync(role, serial, issued.SerialNumber, cancellationToken))
            {
                return issued;
            }

            await Authority.RevokeAsync(issued.SerialNumber, X509RevocationReason.Superseded, cancellationToken);
        }

        throw new InvalidOperationException($"The {role} certificate kept changing while this node designated one; try again.");
    }

    private sealed record PublishedCrl(byte[] Der, int Revocations, DateTimeOffset SignedAt)
    {
        public bool Covers(int revocations, DateTimeOffset now) => Revocations >= revocations && now - SignedAt < CrlReuse;
    }
}
