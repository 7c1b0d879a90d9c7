using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Cms;

namespace Hub.Trust.Timestamps;

/// <summary>
/// The Hub's RFC 3161 time-stamping authority: turns a DER TimeStampReq into a DER TimeStampResp. Every refusal is a
/// response with status rejection and a failInfo (§2.4.2), never an exception, so an HTTP endpoint only copies bytes:
/// POST <see cref="RequestContentType"/> in, <see cref="ResponseContentType"/> out (§3.4).
/// </summary>
public sealed class TimestampAuthority
{
    /// <summary>Media type of a TimeStampReq (RFC 3161 §3.4).</summary>
    public const string RequestContentType = "application/timestamp-query";

    /// <summary>Media type of a TimeStampResp (RFC 3161 §3.4).</summary>
    public const string ResponseContentType = "application/timestamp-reply";

    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    private readonly TimestampAuthorityOptions _options;
    private readonly X509Certificate2 _certificate;
    private readonly AsymmetricAlgorithm _signingKey;
    private readonly X509Certificate2Collection _intermediates;
    private readonly TimeProvider _time;
    private readonly Oid _policy;

    // An RSA/ECDsa object makes no thread-safety promise, and an HTTP endpoint calls concurrently.
    private readonly Lock _signing = new();

    /// <summary>Creates the TSA.</summary>
    /// <param name="options">Policy, accuracy and naming.</param>
    /// <param name="certificate">The TSA certificate; its only extended key usage must be id-kp-timeStamping, marked critical (RFC 3161 §2.3).</param>
    /// <param name="signingKey">The certificate's private key, e.g. from <see cref="Keys.IKeyStore.OpenSigningKeyAsync"/>. The TSA does not dispose it.</param>
    /// <param name="intermediates">CA certificates between the TSA certificate and the root, sent along when a request asks for certificates; the root is left out.</param>
    /// <param name="time">The clock of genTime; in production an NTP-disciplined system clock.</param>
    /// <exception cref="ArgumentException">The certificate is not a TSA certificate.</exception>
    public TimestampAuthority(
        TimestampAuthorityOptions options,
        X509Certificate2 certificate,
        AsymmetricAlgorithm signingKey,
        IEnumerable<X509Certificate2> intermediates,
        TimeProvider time)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        _signingKey = signingKey ?? throw new ArgumentNullException(nameof(signingKey));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _intermediates = [.. (intermediates ?? []).Where(c => !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData))];
        options.Validate();
        _policy = new Oid(options.PolicyOid);
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        if (eku is null || !eku.Critical || eku.EnhancedKeyUsages.Count != 1 || eku.EnhancedKeyUsages[0].Value != TimeStampingEku)
        {
            throw new ArgumentException(
                $"'{certificate.Subject}' is not a TSA certificate: its only extended key usage must be id-kp-timeStamping, marked critical (RFC 3161 §2.3).",
                nameof(certificate));
        }
    }

    /// <summary>The policy every token states; an in-process stamper asks for it and insists on it.</summary>
    internal string PolicyOid => _policy.Value!;

    /// <summary>The TSA certificate's subject, naming this TSA in error messages.</summary>
    internal string Subject => _certificate.Subject;

    /// <summary>Answers one TimeStampReq. Malformed or unacceptable requests get a rejection response, not an exception.</summary>
    public Task<byte[]> RespondAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var parsed = TimeStampRequest.Parse(request);
            Check(parsed);
            return Task.FromResult(TimeStampResponse.EncodeGranted(Sign(parsed)));
        }
        catch (TimestampRejection rejection)
        {
            return Task.FromResult(TimeStampResponse.EncodeRejection(rejection.FailInfo, rejection.Message));
        }
        catch (CryptographicException e)
        {
            return Task.FromResult(TimeStampResponse.EncodeRejection(PkiFailureInfo.SystemFailure, $"The TSA could not sign: {e.Message}"));
        }
    }

    private void Check(TimeStampRequest request)
    {
        if (!TimestampHashes.TryGetLength(request.HashAlgorithm, out var length))
        {
            throw new TimestampRejection(
                PkiFailureInfo.BadAlg,
                $"Hash algorithm {TimestampHashes.Describe(request.HashAlgorithm)} is not accepted; use SHA-256, SHA-384 or SHA-512.");
        }

        if (request.HashedMessage.Length != length)
        {
            throw new TimestampRejection(
                PkiFailureInfo.BadDataFormat,
                $"The {TimestampHashes.Describe(request.HashAlgorithm)} imprint has {request.HashedMessage.Length} bytes; expected {length}.");
        }

        if (request.RequestedPolicy is { } policy && policy != _policy.Value)
        {
            throw new TimestampRejection(PkiFailureInfo.UnacceptedPolicy, $"Policy {policy} is not offered; this TSA issues under {_policy.Value}.");
        }

        if (request.HasExtensions)
        {
            throw new TimestampRejection(PkiFailureInfo.UnacceptedExtension, "This TSA supports no request extensions.");
        }
    }

    private byte[] Sign(TimeStampRequest request)
    {
        var now = _time.GetUtcNow();
        // Millisecond precision: finer than the stated accuracy, and DER drops the trailing zeros (RFC 3161 §2.4.2).
        var genTime = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var accuracy = _options.Accuracy > TimeSpan.Zero ? (long?)(_options.Accuracy.Ticks / 10) : null;
        var info = new Rfc3161TimestampTokenInfo(
            _policy,
            new Oid(request.HashAlgorithm),
            request.HashedMessage,
            NewSerialNumber(),
            genTime,
            accuracy,
            isOrdering: false,
            request.Nonce,
            _options.IncludeTsaName ? TsaName() : (ReadOnlyMemory<byte>?)null);

        var signedCms = new SignedCms(new ContentInfo(new Oid(CmsOids.TstInfo), info.Encode()), detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate, _signingKey)
        {
            DigestAlgorithm = new Oid(TimestampHashes.Oid(_options.SignatureHash)),
            // certReq TRUE: the certificate named in signing-certificate-v2 must be included (§2.4.1); otherwise none.
            IncludeOption = request.CertReq ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        if (request.CertReq)
        {
            signer.Certificates.AddRange(_intermediates);
        }

        // SignedCms adds content-type (id-ct-TSTInfo) and message-digest once any signed attribute exists; RFC 5816 §2.2.1
        // asks for ESS signing-certificate-v2 beside them.
        signer.SignedAttributes.Add(SigningCertificateV2.Create(_certificate, _options.SignatureHash));
        lock (_signing)
        {
            signedCms.ComputeSignature(signer, silent: true);
        }

        return signedCms.Encode();
    }

    /// <summary>A random positive serial of 127 bits; RFC 3161 §2.4.2 asks for uniqueness and at most 160 bits.</summary>
    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    private byte[] TsaName()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
        {
            writer.WriteEncodedValue(_certificate.SubjectName.RawData);
        }

        return writer.Encode();
    }
}
