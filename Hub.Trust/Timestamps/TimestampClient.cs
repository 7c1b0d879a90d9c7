using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Hub.Trust.Timestamps;

/// <summary>
/// Obtains RFC 3161 time-stamp tokens from any TSA over HTTP (§3.4) and accepts a token only after checking it: status
/// granted, the imprint and nonce it was asked for, a valid signature bound by signing-certificate(-v2), and a TSA
/// certificate with the critical id-kp-timeStamping EKU (§2.3). Any failure is a <see cref="TimestampException"/>.
/// </summary>
public sealed class TimestampClient : ITimeStamper
{
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

    /// <inheritdoc/>
    /// <remarks>The imprint algorithm is <see cref="TimestampClientOptions.HashAlgorithm"/>.</remarks>
    public Task<Rfc3161TimestampToken> TimestampDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        TimestampHashAsync(CryptographicOperations.HashData(_options.HashAlgorithm, data.Span), _options.HashAlgorithm, cancellationToken);

    /// <summary>
    /// Time-stamps a CMS signature value (RFC 3161 Appendix A): the token for a CAdES/PAdES signature-time-stamp attribute.
    /// </summary>
    internal Task<Rfc3161TimestampToken> TimestampSignatureAsync(SignerInfo signerInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signerInfo);
        return TimestampDataAsync(signerInfo.GetSignature(), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Rfc3161TimestampToken> TimestampHashAsync(ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        var exchange = new TimeStampExchange(_url.ToString(), hash, hashAlgorithm, _options.PolicyOid);
        return exchange.Accept(await PostAsync(exchange.Request, cancellationToken));
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
}
