using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Keys;

namespace Hub.Trust.Pki;

/// <summary>
/// The Hub's two-level CA (DESIGN.md §4): creates the root and issuing CA, issues organisation seal, personal and TSA
/// certificates, revokes them, publishes CRLs and imports certificates from external CAs. Keys live in an
/// <see cref="IKeyStore"/>, state in an <see cref="ICertificateAuthorityStore"/>; every time comes from the <see cref="TimeProvider"/>.
/// </summary>
public sealed class CertificateAuthority
{
    private const string RootKeyId = "ca-root";
    private const string IssuingKeyId = "ca-issuing";

    // Issued certificates start a little in the past so a relying party whose clock lags slightly accepts them at once.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    private readonly IKeyStore _keys;
    private readonly ICertificateAuthorityStore _store;
    private readonly CertificateAuthorityOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the facade; validates the options.</summary>
    public CertificateAuthority(IKeyStore keys, ICertificateAuthorityStore store, CertificateAuthorityOptions options, TimeProvider time)
    {
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        options.Validate();
    }

    /// <summary>Returns the CA certificates, or <see langword="null"/> before <see cref="InitAsync"/> has run.</summary>
    public async Task<CertificateAuthorityChain?> GetChainAsync(CancellationToken cancellationToken)
    {
        var hierarchy = await _store.GetHierarchyAsync(cancellationToken);
        return hierarchy is null
            ? null
            : new CertificateAuthorityChain(
                X509CertificateLoader.LoadCertificate(hierarchy.RootCertificate),
                X509CertificateLoader.LoadCertificate(hierarchy.IssuingCertificate));
    }

    /// <summary>
    /// Creates the root CA (self-signed) and the issuing CA (signed by the root), and stores both. When another process
    /// sharing the store initialises the CA at the same time and saves first, returns that process's chain instead.
    /// </summary>
    /// <exception cref="CertificateAuthorityException">The CA was initialised before this call, or a subject is invalid.</exception>
    public async Task<CertificateAuthorityChain> InitAsync(CancellationToken cancellationToken)
    {
        if (await _store.GetHierarchyAsync(cancellationToken) is { } existing)
        {
            var root = X509CertificateLoader.LoadCertificate(existing.RootCertificate);
            throw new CertificateAuthorityException($"The CA is initialised already (root '{root.Subject}', serial {root.SerialNumber}).");
        }

        var rootName = ParseSubject(_options.RootSubject, "CertificateAuthority:RootSubject");
        var issuingName = ParseSubject(_options.IssuingSubject, "CertificateAuthority:IssuingSubject");
        var now = Now();

        var rootKey = await FindOrCreateKeyAsync(RootKeyId, cancellationToken);
        var rootRequest = NewRequest(rootName, rootKey);
        CertificateProfiles.Root(rootRequest);
        X509Certificate2 rootCertificate;
        using (var signingKey = await _keys.OpenSigningKeyAsync(RootKeyId, cancellationToken))
        {
            rootCertificate = rootRequest.Create(rootName, Generator(signingKey), now, now + _options.RootValidity, CertificateSerial.New());
        }

        var issuingKey = await FindOrCreateKeyAsync(IssuingKeyId, cancellationToken);
        var issuingRequest = NewRequest(issuingName, issuingKey);
        CertificateProfiles.Issuing(issuingRequest, rootCertificate, _options);
        X509Certificate2 issuingCertificate;
        using (var signingKey = await _keys.OpenSigningKeyAsync(RootKeyId, cancellationToken))
        {
            issuingCertificate = issuingRequest.Create(
                rootName, Generator(signingKey), now, now + _options.IssuingValidity, CertificateSerial.New());
        }

        var record = new CaHierarchyRecord(rootCertificate.RawData, RootKeyId, issuingCertificate.RawData, IssuingKeyId);
        if (!await _store.TrySaveHierarchyAsync(record, cancellationToken))
        {
            // Another node sharing the store saved its hierarchy first (over the same key ids): converge on that one
            // CA and discard this run's certificates, which nothing has seen.
            return await GetChainAsync(cancellationToken)
                ?? throw new CertificateAuthorityException("The store refused the CA hierarchy but holds none; it is not atomic.");
        }

        return new CertificateAuthorityChain(rootCertificate, issuingCertificate);
    }

    /// <summary>
    /// Issues an end-entity certificate for a new key created in the key store. <paramref name="subjectDn"/> is an RFC 4514
    /// string with a CN, e.g. "CN=Example Trading Co. Ltd Contract Seal, O=Example Trading Co. Ltd, C=CN".
    /// </summary>
    /// <exception cref="CertificateAuthorityException">Not initialised, invalid subject, or the validity would outlast the issuing CA.</exception>
    public async Task<IssuedCertificate> IssueAsync(
        string subjectDn, CertificateKind kind, KeyAlgorithm keyAlgorithm, TimeSpan validity, CancellationToken cancellationToken)
    {
        var chain = await RequireChainAsync(cancellationToken);
        var subject = ParseSubject(subjectDn, "subject");
        var (notBefore, notAfter) = Validity(chain, validity);
        var serial = CertificateSerial.New();
        var keyId = "cert-" + CertificateSerial.ToHex(serial);
        var key = await _keys.CreateAsync(keyId, keyAlgorithm, cancellationToken);
        return await SignAndRecordAsync(chain, NewRequest(subject, key), kind, keyId, serial, notBefore, notAfter, cancellationToken);
    }

    /// <summary>
    /// Issues an end-entity certificate for a key the Hub never holds (a UKey or another device): the PKCS#10
    /// certification request (RFC 2986, DER) proves possession of the private key by its own signature. Only the
    /// request's public key is used; the subject is <paramref name="subjectDn"/>, never the request's, and the
    /// extensions are the profile of <paramref name="kind"/>. The returned certificate has no key id.
    /// </summary>
    /// <exception cref="CertificateAuthorityException">Not initialised, invalid subject or validity, or the request is
    /// malformed, does not verify, or carries a key weaker than RSA-2048 / P-256.</exception>
    public async Task<IssuedCertificate> IssueForRequestAsync(
        string subjectDn, CertificateKind kind, ReadOnlyMemory<byte> certificationRequest, TimeSpan validity, CancellationToken cancellationToken)
    {
        var publicKey = CertificationRequestKey.Read(certificationRequest);
        var chain = await RequireChainAsync(cancellationToken);
        var subject = ParseSubject(subjectDn, "subject");
        var (notBefore, notAfter) = Validity(chain, validity);
        var request = new CertificateRequest(subject, publicKey, _options.SignatureHash);
        return await SignAndRecordAsync(chain, request, kind, null, CertificateSerial.New(), notBefore, notAfter, cancellationToken);
    }

    private (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(CertificateAuthorityChain chain, TimeSpan validity)
    {
        if (validity <= TimeSpan.Zero)
        {
            throw new CertificateAuthorityException($"Validity {validity} must be positive.");
        }

        var notBefore = Now() - ClockSkewAllowance;
        var notAfter = notBefore + ClockSkewAllowance + validity;
        if (notAfter > chain.Issuing.NotAfter)
        {
            throw new CertificateAuthorityException(
                $"Validity until {notAfter:u} would outlast the issuing CA, which expires {chain.Issuing.NotAfter.ToUniversalTime():u}.");
        }

        return (notBefore, notAfter);
    }

    private async Task<IssuedCertificate> SignAndRecordAsync(CertificateAuthorityChain chain, CertificateRequest request, CertificateKind kind,
        string? keyId, byte[] serial, DateTimeOffset notBefore, DateTimeOffset notAfter, CancellationToken cancellationToken)
    {
        var serialHex = CertificateSerial.ToHex(serial);
        CertificateProfiles.EndEntity(request, kind, chain.Issuing, _options);
        X509Certificate2 certificate;
        using (var signingKey = await _keys.OpenSigningKeyAsync(IssuingKeyId, cancellationToken))
        {
            certificate = request.Create(chain.Issuing.SubjectName, Generator(signingKey), notBefore, notAfter, serial);
        }

        var record = new IssuedCertificateRecord(
            serialHex, kind, certificate.Subject, certificate.RawData, keyId, Now(), false, [chain.Issuing.RawData, chain.Root.RawData]);
        if (!await _store.TryAddCertificateAsync(record, cancellationToken))
        {
            throw new CertificateAuthorityException($"Serial {serialHex} is recorded already; refusing to issue a duplicate.");
        }

        return new IssuedCertificate(serialHex, kind, certificate, keyId, [chain.Issuing, chain.Root], false);
    }

    /// <summary>Returns a certificate the CA issued or imported, by serial number (hex; colons and "0x" are accepted).</summary>
    /// <exception cref="CertificateAuthorityException">No certificate has this serial number.</exception>
    public async Task<IssuedCertificate> GetCertificateAsync(string serialNumber, CancellationToken cancellationToken)
    {
        var record = await RequireRecordAsync(serialNumber, cancellationToken);
        return new IssuedCertificate(
            record.SerialNumber,
            record.Kind,
            X509CertificateLoader.LoadCertificate(record.Certificate),
            record.KeyId,
            [.. record.Chain.Select(der => X509CertificateLoader.LoadCertificate(der))],
            record.IsExternal);
    }

    /// <summary>
    /// Exports a certificate, its private key and its chain as PKCS#12, encrypted with PBES2 (AES-256-CBC, PBKDF2-SHA256)
    /// and an HMAC-SHA256 MAC, which OpenSSL 3 reads without <c>-legacy</c>. Only possible with a software key store.
    /// </summary>
    public async Task<byte[]> ExportPkcs12Async(string serialNumber, string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var issued = await GetCertificateAsync(serialNumber, cancellationToken);
        var pkcs8 = await _keys.ExportPkcs8Async(issued.SigningKeyId, cancellationToken);
        try
        {
            using var key = issued.Certificate.GetKeyAlgorithm() == "1.2.840.10045.2.1" ? (AsymmetricAlgorithm)ECDsa.Create() : RSA.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            using var withKey = key switch
            {
                RSA rsa => issued.Certificate.CopyWithPrivateKey(rsa),
                ECDsa ec => issued.Certificate.CopyWithPrivateKey(ec),
                _ => throw new CertificateAuthorityException($"Key of {issued.SerialNumber} has an unsupported type."),
            };
            var collection = new X509Certificate2Collection(withKey);
            collection.AddRange(issued.Chain.ToArray());
            return collection.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password)
                ?? throw new CertificateAuthorityException($"PKCS#12 export of {issued.SerialNumber} produced nothing.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Revokes a certificate this CA issued; it appears in every later CRL (RFC 5280 §5.3.1 reason code).</summary>
    /// <exception cref="CertificateAuthorityException">Unknown serial, external certificate, already revoked, or reason removeFromCRL.</exception>
    public async Task<RevocationRecord> RevokeAsync(string serialNumber, X509RevocationReason reason, CancellationToken cancellationToken)
    {
        if (reason == X509RevocationReason.RemoveFromCrl || !Enum.IsDefined(reason))
        {
            throw new CertificateAuthorityException($"Revocation reason {reason} cannot be used to revoke a certificate.");
        }

        var record = await RequireRecordAsync(serialNumber, cancellationToken);
        if (record.IsExternal)
        {
            throw new CertificateAuthorityException($"Certificate {record.SerialNumber} was issued by an external CA; revoke it there.");
        }

        var revocation = new RevocationRecord(record.SerialNumber, reason, Now());
        if (!await _store.TryAddRevocationAsync(revocation, cancellationToken))
        {
            throw new CertificateAuthorityException($"Certificate {record.SerialNumber} is revoked already.");
        }

        return revocation;
    }

    /// <summary>Creates the issuing CA's CRL (DER) with every revocation, a new CRL number and nextUpdate = now + CrlValidity.</summary>
    public async Task<byte[]> CreateCrlAsync(CancellationToken cancellationToken)
    {
        var chain = await RequireChainAsync(cancellationToken);
        var builder = new CertificateRevocationListBuilder();
        foreach (var revocation in await _store.ListRevocationsAsync(cancellationToken))
        {
            builder.AddEntry(CertificateSerial.FromHex(revocation.SerialNumber), revocation.RevokedAt, revocation.Reason);
        }

        return await SignCrlAsync(builder, chain.Issuing, IssuingKeyId, cancellationToken);
    }

    /// <summary>Creates the root's CRL (DER), which lists no certificates: the Hub never revokes its issuing CA online.</summary>
    internal async Task<byte[]> CreateRootCrlAsync(CancellationToken cancellationToken)
    {
        var chain = await RequireChainAsync(cancellationToken);
        return await SignCrlAsync(new CertificateRevocationListBuilder(), chain.Root, RootKeyId, cancellationToken);
    }

    /// <summary>
    /// Imports a certificate and its key from a PKCS#12 issued by an external CA. The PKCS#12 must hold exactly one
    /// private key, its certificate must allow signing, and the chain up to a self-signed root must be in the PKCS#12
    /// or in <paramref name="extraChain"/>.
    /// </summary>
    /// <param name="pkcs12">The PKCS#12 bytes.</param>
    /// <param name="password">Its password.</param>
    /// <param name="kind">What the certificate is for (a seal certificate is <see cref="CertificateKind.Organisation"/>).</param>
    /// <param name="extraChain">Issuer certificates the PKCS#12 lacks; null for none.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <exception cref="CertificateAuthorityException">The PKCS#12 cannot be opened or fails one of the checks (one key,
    /// an end-entity certificate allowing signing, valid now, with a chain to a self-signed root); nothing is stored then.</exception>
    public async Task<IssuedCertificate> ImportPkcs12Async(
        ReadOnlyMemory<byte> pkcs12, string password, CertificateKind kind, IReadOnlyCollection<X509Certificate2>? extraChain, CancellationToken cancellationToken)
    {
        var import = ExternalPkcs12.Open(pkcs12, password, extraChain ?? [], _time.GetUtcNow());
        using (import.PrivateKey)
        {
            var serialHex = CertificateSerial.Normalize(import.Certificate.SerialNumber);
            if (await _store.FindCertificateAsync(serialHex, cancellationToken) is not null)
            {
                throw new CertificateAuthorityException($"A certificate with serial {serialHex} is recorded already.");
            }

            var keyId = "ext-" + serialHex;
            await _keys.ImportAsync(keyId, import.PrivateKey, cancellationToken);
            var publicOnly = X509CertificateLoader.LoadCertificate(import.Certificate.RawData);
            var record = new IssuedCertificateRecord(
                serialHex, kind, publicOnly.Subject, publicOnly.RawData, keyId, Now(), true, [.. import.Chain.Select(c => c.RawData)]);
            if (!await _store.TryAddCertificateAsync(record, cancellationToken))
            {
                throw new CertificateAuthorityException($"A certificate with serial {serialHex} is recorded already.");
            }

            return new IssuedCertificate(serialHex, kind, publicOnly, keyId, import.Chain, true);
        }
    }

    private async Task<byte[]> SignCrlAsync(
        CertificateRevocationListBuilder builder, X509Certificate2 issuer, string keyId, CancellationToken cancellationToken)
    {
        var crlNumber = await _store.NextCrlNumberAsync(cancellationToken);
        var thisUpdate = Now();
        using var signingKey = await _keys.OpenSigningKeyAsync(keyId, cancellationToken);
        return builder.Build(
            issuer.SubjectName,
            Generator(signingKey),
            new BigInteger(crlNumber),
            thisUpdate + _options.CrlValidity,
            _options.SignatureHash,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false),
            thisUpdate);
    }

    private async Task<CertificateAuthorityChain> RequireChainAsync(CancellationToken cancellationToken) =>
        await GetChainAsync(cancellationToken)
        ?? throw new CertificateAuthorityException("The CA is not initialised; run 'hub ca init' first.");

    private async Task<IssuedCertificateRecord> RequireRecordAsync(string serialNumber, CancellationToken cancellationToken)
    {
        var normalized = CertificateSerial.Normalize(serialNumber);
        return await _store.FindCertificateAsync(normalized, cancellationToken)
            ?? throw new CertificateAuthorityException($"No certificate with serial {normalized} was issued or imported by this CA.");
    }

    private async Task<KeyDescriptor> FindOrCreateKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        // A key left by an earlier init that failed before saving the hierarchy is reused rather than refused.
        if (await _keys.FindAsync(keyId, cancellationToken) is { } existing)
        {
            return existing;
        }

        try
        {
            return await _keys.CreateAsync(keyId, _options.CaKeyAlgorithm, cancellationToken);
        }
        catch (KeyStoreException)
        {
            // Another node initialising at the same time created the key first; both then sign with that one key.
            if (await _keys.FindAsync(keyId, cancellationToken) is not { } created)
            {
                throw;
            }

            return created;
        }
    }

    private CertificateRequest NewRequest(X500DistinguishedName subject, KeyDescriptor key) =>
        new(subject, key.GetPublicKey(), _options.SignatureHash);

    private static X509SignatureGenerator Generator(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        _ => throw new CertificateAuthorityException($"CA key type {key.GetType().Name} cannot sign certificates."),
    };

    // X.509 times carry whole seconds (RFC 5280 §4.1.2.5); truncating keeps the certificate equal to what was asked.
    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static X500DistinguishedName ParseSubject(string distinguishedName, string what)
    {
        X500DistinguishedName name;
        try
        {
            name = new X500DistinguishedName(distinguishedName ?? "");
        }
        catch (CryptographicException e)
        {
            throw new CertificateAuthorityException($"The {what} '{distinguishedName}' is not a distinguished name (RFC 4514, e.g. \"CN=Name, O=Org, C=CN\").", e);
        }

        if (!name.EnumerateRelativeDistinguishedNames().Any(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.3"))
        {
            throw new CertificateAuthorityException($"The {what} '{distinguishedName}' has no common name (CN).");
        }

        return name;
    }
}
