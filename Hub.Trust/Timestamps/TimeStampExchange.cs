using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Timestamps;

/// <summary>
/// One request and its answer, whatever carries the bytes (HTTP or a call in the same process): builds a TimeStampReq
/// with a fresh nonce and accepts the TimeStampResp only after checking it: status granted, the imprint, nonce and
/// policy asked for, a valid signature bound by signing-certificate(-v2), and a TSA certificate with the critical
/// id-kp-timeStamping EKU (RFC 3161 §2.3, §2.4.2). Any failure is a <see cref="TimestampException"/>.
/// </summary>
internal sealed class TimeStampExchange
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    private readonly string _tsa;
    private readonly byte[] _hash;
    private readonly HashAlgorithmName _hashAlgorithm;
    private readonly string _hashOid;
    private readonly byte[] _nonce;
    private readonly string? _policy;

    /// <param name="tsa">Names the TSA in error messages (its URL, or its certificate subject).</param>
    /// <param name="hash">The message imprint.</param>
    /// <param name="hashAlgorithm">SHA-256, SHA-384 or SHA-512.</param>
    /// <param name="policyOid">The policy to request and insist on; null accepts the TSA's default.</param>
    public TimeStampExchange(string tsa, ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, string? policyOid)
    {
        _tsa = tsa;
        _hashOid = TimestampHashes.Oid(hashAlgorithm);
        _hash = hash.ToArray();
        _hashAlgorithm = hashAlgorithm;
        _policy = policyOid;
        _nonce = RandomNumberGenerator.GetBytes(8);
        _nonce[0] = (byte)((_nonce[0] & 0x7F) | 0x01); // positive and minimally encoded, so the echo compares byte for byte
        Request = Rfc3161TimestampRequest.CreateFromHash(
            _hash, hashAlgorithm, policyOid is null ? null : new Oid(policyOid), _nonce, requestSignerCertificates: true).Encode();
    }

    /// <summary>The DER TimeStampReq to send.</summary>
    public byte[] Request { get; }

    /// <summary>Checks a DER TimeStampResp against the request and returns its token.</summary>
    /// <exception cref="TimestampException">The answer refuses, or its token fails a check; the message says which.</exception>
    public Rfc3161TimestampToken Accept(ReadOnlyMemory<byte> body)
    {
        TimeStampResponse response;
        try
        {
            response = TimeStampResponse.Decode(body);
        }
        catch (System.Formats.Asn1.AsnContentException e)
        {
            throw new TimestampException($"TSA {_tsa} sent a body that is not a DER TimeStampResp: {e.Message}", e);
        }

        if (response.Status is not (PkiStatus.Granted or PkiStatus.GrantedWithMods))
        {
            throw new TimestampException(
                $"TSA {_tsa} refused the request: status {Describe(response.Status)}, failInfo {Describe(response.FailInfo)}"
                + (response.StatusText is null ? "." : $": {response.StatusText}"));
        }

        if (response.Token is not { } tokenBytes)
        {
            throw new TimestampException($"TSA {_tsa} granted the request but sent no token.");
        }

        CheckSignedData(tokenBytes);
        if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out var consumed) || consumed != tokenBytes.Length)
        {
            throw new TimestampException(
                $"TSA {_tsa} sent a token that is not an RFC 3161 TimeStampToken (invalid TSTInfo or signing-certificate attribute).");
        }

        Verify(token);
        return token;
    }

    private void Verify(Rfc3161TimestampToken token)
    {
        var info = token.TokenInfo;
        if (info.HashAlgorithmId.Value != _hashOid || !info.GetMessageHash().Span.SequenceEqual(_hash))
        {
            throw new TimestampException(
                $"TSA {_tsa} time-stamped the wrong data: the token's imprint is {TimestampHashes.Describe(info.HashAlgorithmId.Value ?? "")} "
                + $"{Convert.ToHexString(info.GetMessageHash().Span)}, the request's {TimestampHashes.Describe(_hashOid)} {Convert.ToHexString(_hash)}.");
        }

        var echoed = info.GetNonce();
        if (echoed is null || !echoed.Value.Span.SequenceEqual(_nonce))
        {
            throw new TimestampException(
                $"TSA {_tsa} returned nonce {(echoed is null ? "(none)" : Convert.ToHexString(echoed.Value.Span))}, "
                + $"but the request sent {Convert.ToHexString(_nonce)}: the response does not answer this request.");
        }

        if (_policy is { } policy && info.PolicyId.Value != policy)
        {
            throw new TimestampException($"TSA {_tsa} issued the token under policy {info.PolicyId.Value}, not the requested {policy}.");
        }

        // Checks the signature and that signing-certificate(-v2) names this certificate (RFC 3161 §2.4.2, RFC 5816).
        if (!token.VerifySignatureForHash(_hash, _hashAlgorithm, out var signer, null) || signer is null)
        {
            throw new TimestampException($"TSA {_tsa} sent a token whose signing-certificate attribute does not name its signer certificate.");
        }
    }

    /// <summary>The token's CMS layer: one signer, id-ct-TSTInfo content, a TSA certificate with the right EKU, a valid signature.</summary>
    private void CheckSignedData(ReadOnlyMemory<byte> token)
    {
        var cms = new SignedCms();
        try
        {
            cms.Decode(token.Span);
        }
        catch (CryptographicException e)
        {
            throw new TimestampException($"TSA {_tsa} sent a token that is not a CMS SignedData: {e.Message}", e);
        }

        if (cms.ContentInfo.ContentType.Value != Cms.CmsOids.TstInfo || cms.SignerInfos.Count != 1)
        {
            throw new TimestampException(
                $"TSA {_tsa} sent a SignedData with content type {cms.ContentInfo.ContentType.Value} and {cms.SignerInfos.Count} signers; "
                + "a time-stamp token has id-ct-TSTInfo and one signer (RFC 3161 §2.4.2).");
        }

        var signerInfo = cms.SignerInfos[0];
        var tsaCertificate = signerInfo.Certificate
            ?? throw new TimestampException($"TSA {_tsa} sent a token without its TSA certificate, although the request asked for it (certReq).");
        var eku = tsaCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        if (eku is null || !eku.Critical || !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == TimeStampingEku))
        {
            throw new TimestampException(
                $"TSA certificate '{tsaCertificate.Subject}' lacks the critical id-kp-timeStamping extended key usage (RFC 3161 §2.3).");
        }

        try
        {
            signerInfo.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException e)
        {
            throw new TimestampException($"TSA {_tsa} sent a token whose signature does not verify with certificate '{tsaCertificate.Subject}'.", e);
        }
    }

    private static string Describe(PkiStatus status) => status switch
    {
        PkiStatus.Rejection => "rejection",
        PkiStatus.Waiting => "waiting",
        PkiStatus.RevocationWarning => "revocationWarning",
        PkiStatus.RevocationNotification => "revocationNotification",
        _ => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Describe(PkiFailureInfo failInfo) => failInfo == PkiFailureInfo.None
        ? "(none)"
        : string.Join(",", Enum.GetValues<PkiFailureInfo>().Where(f => f != PkiFailureInfo.None && failInfo.HasFlag(f)).Select(f => char.ToLowerInvariant(f.ToString()[0]) + f.ToString()[1..]));
}
