using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Timestamps;

/// <summary>
/// Obtains RFC 3161 time-stamp tokens from any TSA over HTTP (§3.4) and accepts a token only after checking it: status
/// granted, the imprint and nonce it was asked for, a valid signature bound by signing-certificate(-v2), and a TSA
/// certificate with the critical id-kp-timeStamping EKU (§2.3). Any failure is a <see cref="TimestampException"/>.
/// </summary>
public sealed class TimestampClient
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    private readonly HttpClient _http;
    private readonly TimestampClientOptions _options;
    private readonly Uri _url;

    /// <summary>Creates the client; the caller owns <paramref name="http"/> (typically from IHttpClientFactory).</summary>
    /// <exception cref="ArgumentException">The options name no URL or an unaccepted hash algorithm.</exception>
    public TimestampClient(HttpClient http, TimestampClientOptions options)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _url = options.Url ?? throw new ArgumentException("TimestampClient:Url is required.", nameof(options));
        TimestampHashes.Oid(options.HashAlgorithm);
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"TimestampClient:Timeout {options.Timeout} must be positive.", nameof(options));
        }
    }

    /// <summary>Time-stamps <paramref name="data"/>: hashes it with the configured algorithm and asks the TSA.</summary>
    public Task<Rfc3161TimestampToken> TimestampDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        TimestampHashAsync(CryptographicOperations.HashData(_options.HashAlgorithm, data.Span), _options.HashAlgorithm, cancellationToken);

    /// <summary>
    /// Time-stamps a CMS signature value (RFC 3161 Appendix A): the token for a CAdES/PAdES signature-time-stamp attribute.
    /// </summary>
    public Task<Rfc3161TimestampToken> TimestampSignatureAsync(SignerInfo signerInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signerInfo);
        return TimestampDataAsync(signerInfo.GetSignature(), cancellationToken);
    }

    /// <summary>Time-stamps a hash computed by the caller.</summary>
    /// <exception cref="TimestampException">The TSA could not be reached, refused, or sent a token that fails verification.</exception>
    public async Task<Rfc3161TimestampToken> TimestampHashAsync(ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        var hashOid = TimestampHashes.Oid(hashAlgorithm);
        var nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] = (byte)((nonce[0] & 0x7F) | 0x01); // positive and minimally encoded, so the echo compares byte for byte
        var request = Rfc3161TimestampRequest.CreateFromHash(
            hash, hashAlgorithm, _options.PolicyOid is null ? null : new Oid(_options.PolicyOid), nonce, requestSignerCertificates: true);

        var body = await PostAsync(request.Encode(), cancellationToken);
        TimeStampResponse response;
        try
        {
            response = TimeStampResponse.Decode(body);
        }
        catch (System.Formats.Asn1.AsnContentException e)
        {
            throw new TimestampException($"TSA {_url} sent a body that is not a DER TimeStampResp: {e.Message}", e);
        }

        if (response.Status is not (PkiStatus.Granted or PkiStatus.GrantedWithMods))
        {
            throw new TimestampException(
                $"TSA {_url} refused the request: status {Describe(response.Status)}, failInfo {Describe(response.FailInfo)}"
                + (response.StatusText is null ? "." : $": {response.StatusText}"));
        }

        if (response.Token is not { } tokenBytes)
        {
            throw new TimestampException($"TSA {_url} granted the request but sent no token.");
        }

        CheckSignedData(tokenBytes);
        if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out var consumed) || consumed != tokenBytes.Length)
        {
            throw new TimestampException(
                $"TSA {_url} sent a token that is not an RFC 3161 TimeStampToken (invalid TSTInfo or signing-certificate attribute).");
        }

        Verify(token, hashOid, hash.Span, hashAlgorithm, nonce);
        return token;
    }

    private async Task<byte[]> PostAsync(byte[] request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var content = new ByteArrayContent(request);
            content.Headers.ContentType = new MediaTypeHeaderValue(TimestampAuthority.RequestContentType);
            using var response = await _http.PostAsync(_url, content, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new TimestampException($"TSA {_url} answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}).");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!string.Equals(mediaType, TimestampAuthority.ResponseContentType, StringComparison.OrdinalIgnoreCase))
            {
                throw new TimestampException(
                    $"TSA {_url} answered with content type '{mediaType}', expected '{TimestampAuthority.ResponseContentType}' (RFC 3161 §3.4).");
            }

            return await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Either our timeout or HttpClient.Timeout fired; the caller did not cancel.
            throw new TimestampException($"TSA {_url} did not answer within {_options.Timeout.TotalSeconds:0.###} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new TimestampException($"TSA {_url} could not be reached: {e.Message}", e);
        }
    }

    private void Verify(Rfc3161TimestampToken token, string hashOid, ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm, byte[] nonce)
    {
        var info = token.TokenInfo;
        if (info.HashAlgorithmId.Value != hashOid || !info.GetMessageHash().Span.SequenceEqual(hash))
        {
            throw new TimestampException(
                $"TSA {_url} time-stamped the wrong data: the token's imprint is {TimestampHashes.Describe(info.HashAlgorithmId.Value ?? "")} "
                + $"{Convert.ToHexString(info.GetMessageHash().Span)}, the request's {TimestampHashes.Describe(hashOid)} {Convert.ToHexString(hash)}.");
        }

        var echoed = info.GetNonce();
        if (echoed is null || !echoed.Value.Span.SequenceEqual(nonce))
        {
            throw new TimestampException(
                $"TSA {_url} returned nonce {(echoed is null ? "(none)" : Convert.ToHexString(echoed.Value.Span))}, "
                + $"but the request sent {Convert.ToHexString(nonce)}: the response does not answer this request.");
        }

        if (_options.PolicyOid is { } policy && info.PolicyId.Value != policy)
        {
            throw new TimestampException($"TSA {_url} issued the token under policy {info.PolicyId.Value}, not the requested {policy}.");
        }

        // Checks the signature and that signing-certificate(-v2) names this certificate (RFC 3161 §2.4.2, RFC 5816).
        if (!token.VerifySignatureForHash(hash, hashAlgorithm, out var signer, null) || signer is null)
        {
            throw new TimestampException($"TSA {_url} sent a token whose signing-certificate attribute does not name its signer certificate.");
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
            throw new TimestampException($"TSA {_url} sent a token that is not a CMS SignedData: {e.Message}", e);
        }

        if (cms.ContentInfo.ContentType.Value != Cms.CmsOids.TstInfo || cms.SignerInfos.Count != 1)
        {
            throw new TimestampException(
                $"TSA {_url} sent a SignedData with content type {cms.ContentInfo.ContentType.Value} and {cms.SignerInfos.Count} signers; "
                + "a time-stamp token has id-ct-TSTInfo and one signer (RFC 3161 §2.4.2).");
        }

        var signerInfo = cms.SignerInfos[0];
        var tsaCertificate = signerInfo.Certificate
            ?? throw new TimestampException($"TSA {_url} sent a token without its TSA certificate, although the request asked for it (certReq).");
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
            throw new TimestampException($"TSA {_url} sent a token whose signature does not verify with certificate '{tsaCertificate.Subject}'.", e);
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
