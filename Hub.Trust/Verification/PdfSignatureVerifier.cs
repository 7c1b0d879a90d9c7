using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pdf;

namespace Hub.Trust.Verification;

/// <summary>
/// Verifies every signature and document time-stamp of a PDF, apart from any signing code (pyHanko's separation):
/// byte range and coverage, message digest, CMS signature and signing-certificate binding, chain to the configured
/// anchors, revocation from embedded (DSS) and configured CRLs, signature and document time-stamps, and what later
/// revisions changed. Each signature gets a <see cref="PdfSignatureVerdict"/> with separate dimensions.
/// </summary>
public sealed class PdfSignatureVerifier
{
    private const string SignatureTimeStampOid = "1.2.840.113549.1.9.16.2.14";
    private static readonly HashSet<string> StandardAttributes = new(StringComparer.Ordinal)
    {
        "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5", "1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.16.2.12",
    };

    private readonly PdfVerificationOptions _options;

    /// <summary>Creates a verifier with the given trust configuration.</summary>
    public PdfSignatureVerifier(PdfVerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Reads the file and verifies it.</summary>
    /// <inheritdoc cref="Verify" path="/exception"/>
    public async Task<IReadOnlyList<PdfSignatureVerdict>> VerifyFileAsync(string path, CancellationToken cancellationToken = default) =>
        Verify(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>The verdicts on every signature, in file order (by where their byte ranges end). Empty when unsigned.</summary>
    /// <exception cref="PdfFormatException">The file is not a PDF the reader accepts.</exception>
    public IReadOnlyList<PdfSignatureVerdict> Verify(ReadOnlyMemory<byte> pdf)
    {
        var reader = PdfReader.Open(pdf);
        var embeddedCertificates = new X509Certificate2Collection();
        var crls = new List<CertificateRevocationList>();
        ReadDss(reader, embeddedCertificates, crls);
        crls.AddRange(_options.Crls.Select(c => CertificateRevocationList.TryParse(c)).OfType<CertificateRevocationList>());

        var verdicts = new List<(long End, PdfSignatureVerdict Verdict)>();
        foreach (var field in reader.FormFields.Where(f => f.IsSignature && f.IsSigned))
        {
            if (reader.Resolve(field.Dictionary["V"]) is not PdfDictionary value)
            {
                continue;
            }

            var context = new SignatureContext(reader, field.FullName, field.Dictionary, value, embeddedCertificates, crls);
            verdicts.Add((context.RevisionEnd, VerifyOne(context)));
        }

        return [.. verdicts.OrderBy(v => v.End).Select(v => v.Verdict)];
    }

    private PdfSignatureVerdict VerifyOne(SignatureContext s)
    {
        var verdict = new PdfSignatureVerdict { FieldName = s.FieldName, SubFilter = s.SubFilter, IsDocumentTimestamp = s.IsDocumentTimestamp };
        var range = s.CheckByteRange();
        if (range is null)
        {
            return verdict with { Coverage = PdfSignatureCoverage.Broken, Problems = s.Problems };
        }

        var (coverage, modifications, flagged) = s.CheckCoverage();
        verdict = verdict with
        {
            Coverage = coverage,
            Modifications = modifications,
            ModifiedObjects = flagged,
            RevisionStart = s.RevisionStart(),
            Attachments = SignatureAttachments.Read(s.Reader, s.Field, s.Problems),
        };
        try
        {
            verdict = s.IsDocumentTimestamp ? VerifyDocumentTimestamp(s, verdict) : VerifyCms(s, verdict);
        }
        catch (CryptographicException e)
        {
            s.Problems.Add($"The signature contents cannot be read: {e.Message}");
        }

        return verdict with { Problems = s.Problems };
    }

    private PdfSignatureVerdict VerifyCms(SignatureContext s, PdfSignatureVerdict verdict)
    {
        if (s.SubFilter is not ("ETSI.CAdES.detached" or "adbe.pkcs7.detached"))
        {
            s.Problems.Add($"SubFilter /{s.SubFilter} is not supported; only detached CMS signatures are verified.");
            return verdict;
        }

        var cms = CmsSignature.Read(s.Contents);
        var signer = cms.Signer.Certificate;
        if (SignatureAlgorithms.Digest(cms.DigestOid) is not { } digestAlgorithm)
        {
            s.Problems.Add($"Digest algorithm {cms.DigestOid} is not supported.");
            return verdict with { SigningCertificate = signer };
        }

        var intact = cms.MessageDigest() is { } expected && expected.AsSpan().SequenceEqual(s.HashRange(digestAlgorithm));
        if (!intact)
        {
            s.Problems.Add("The message digest does not match the signed byte range: the signed bytes were changed.");
        }

        var all = cms.Signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(a => a.Oid.Value is not null)
            .GroupBy(a => a.Oid.Value!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, IReadOnlyList<byte[]> (g) => [.. g.SelectMany(a => a.Values.Cast<AsnEncodedData>()).Select(v => v.RawData)], StringComparer.Ordinal);
        verdict = verdict with { SignedAttributes = all };
        var extras = cms.Signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(a => a.Oid.Value is { } oid && !StandardAttributes.Contains(oid) && a.Values.Count > 0)
            .Select(a => new AsnEncodedData(a.Oid, a.Values[0].RawData)).ToList();
        if (signer is null)
        {
            s.Problems.Add("The CMS does not contain the signer's certificate.");
            return verdict with { Intact = intact, ExtraSignedAttributes = extras };
        }

        var valid = cms.VerifySignature(signer);
        if (!valid)
        {
            s.Problems.Add("The CMS signature does not verify with the signer's certificate.");
        }

        // The signature-time-stamp (EN 319 122-1 §5.3) is the proof of the signing time; without it, the time is now.
        DateTimeOffset? stampTime = null;
        bool? stampValid = null;
        if (cms.Signer.UnsignedAttributes.Cast<CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == SignatureTimeStampOid) is { Values.Count: > 0 } attribute)
        {
            stampValid = Rfc3161TimestampToken.TryDecode(attribute.Values[0].RawData, out var token, out _)
                && token.VerifySignatureForSignerInfo(cms.Signer, out _, cms.Cms.Certificates);
            stampTime = token?.TokenInfo.Timestamp;
            if (stampValid != true)
            {
                s.Problems.Add("The signature time-stamp does not verify over the signature value.");
            }
        }

        var time = stampValid == true ? stampTime!.Value : _options.Time.GetUtcNow();
        var (trusted, revokedAt) = CheckCertificate(s, signer, cms.Cms.Certificates, time);
        return verdict with
        {
            SigningCertificate = signer,
            Intact = intact,
            Valid = valid && revokedAt is null && stampValid != false,
            Trusted = trusted,
            TimestampTime = stampTime,
            TimestampValid = stampValid,
            RevokedAt = revokedAt,
            ExtraSignedAttributes = extras,
        };
    }

    private PdfSignatureVerdict VerifyDocumentTimestamp(SignatureContext s, PdfSignatureVerdict verdict)
    {
        if (!Rfc3161TimestampToken.TryDecode(s.Contents, out var token, out _))
        {
            s.Problems.Add("The document time-stamp is not an RFC 3161 token.");
            return verdict;
        }

        var info = token.TokenInfo;
        var hashAlgorithm = SignatureAlgorithms.Digest(info.HashAlgorithmId.Value);
        var hash = hashAlgorithm is { } h ? s.HashRange(h) : [];
        var intact = hash.Length > 0 && info.GetMessageHash().Span.SequenceEqual(hash);
        if (!intact)
        {
            s.Problems.Add("The document time-stamp imprint does not match the signed byte range.");
        }

        X509Certificate2? tsa = null;
        var valid = intact && token.VerifySignatureForHash(hash, info.HashAlgorithmId, out tsa, s.EmbeddedCertificates);
        if (!valid)
        {
            s.Problems.Add("The document time-stamp token's signature does not verify.");
        }

        var certificates = token.AsSignedCms().Certificates;
        tsa ??= certificates.Cast<X509Certificate2>().FirstOrDefault();
        var (trusted, revokedAt) = tsa is null ? (false, null) : CheckCertificate(s, tsa, certificates, info.Timestamp);
        return verdict with
        {
            SigningCertificate = tsa,
            Intact = intact,
            Valid = valid && revokedAt is null,
            Trusted = trusted,
            TimestampTime = info.Timestamp,
            TimestampValid = valid,
            RevokedAt = revokedAt,
        };
    }

    private (bool Trusted, DateTimeOffset? RevokedAt) CheckCertificate(SignatureContext s, X509Certificate2 certificate, X509Certificate2Collection extra, DateTimeOffset time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_options.TrustAnchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        chain.ChainPolicy.ExtraStore.AddRange(s.EmbeddedCertificates);

        // Revocation comes from the CRLs below (embedded or configured), never from the network.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        var trusted = _options.TrustAnchors.Count > 0 && chain.Build(certificate);
        if (!trusted)
        {
            var status = string.Join("; ", chain.ChainStatus.Select(c => c.StatusInformation.Trim()).Where(t => t.Length > 0).Distinct());
            s.Problems.Add($"The certificate of {certificate.Subject} does not chain to a configured trust anchor{(status.Length > 0 ? ": " + status : ".")}");
        }

        var issuer = chain.ChainElements.Count > 1 ? chain.ChainElements[1].Certificate : null;
        issuer ??= extra.Cast<X509Certificate2>().Concat(s.EmbeddedCertificates.Cast<X509Certificate2>())
            .FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData));
        DateTimeOffset? revokedAt = null;
        if (issuer is not null)
        {
            revokedAt = s.Crls.Where(c => c.IsSignedBy(issuer)).Select(c => c.RevocationOf(certificate)).FirstOrDefault(r => r is not null);
        }

        if (revokedAt is { } when && when <= time)
        {
            s.Problems.Add($"The certificate of {certificate.Subject} was revoked at {when:u}, before the signing time {time:u}.");
            return (trusted, revokedAt);
        }

        return (trusted, null);
    }

    private static void ReadDss(PdfReader reader, X509Certificate2Collection certificates, List<CertificateRevocationList> crls)
    {
        if (reader.Resolve(reader.Catalog["DSS"]) is not PdfDictionary dss)
        {
            return;
        }

        foreach (var item in (reader.Resolve(dss["Certs"]) as PdfArray) ?? [])
        {
            if (reader.Resolve(item) is PdfStream stream)
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(reader.DecodeStream(stream)));
                }
                catch (CryptographicException)
                {
                    // A DSS entry that is not a certificate helps no chain; the chain check reports what is missing.
                }
            }
        }

        foreach (var item in (reader.Resolve(dss["CRLs"]) as PdfArray) ?? [])
        {
            if (reader.Resolve(item) is PdfStream stream && CertificateRevocationList.TryParse(reader.DecodeStream(stream)) is { } crl)
            {
                crls.Add(crl);
            }
        }
    }
}
