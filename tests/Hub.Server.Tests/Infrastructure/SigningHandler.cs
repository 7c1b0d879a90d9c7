using System.Security.Cryptography;
using System.Text;
using Hub.Server.Authentication;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>A client that signs each request as an integrating system would, by the documented wire format.</summary>
internal sealed class SigningHandler(string keyId, string secret, Func<DateTimeOffset> clock) : DelegatingHandler
{
    /// <summary>When set, the next request reuses this nonce (to test replay refusal).</summary>
    public string? FixedNonce { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var digest = HmacRequestSignature.BodyDigest(body);
        var nonce = FixedNonce ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var target = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.PathAndQuery : request.RequestUri.OriginalString;
        request.Headers.TryAddWithoutValidation("Authorization", HmacRequestSignature.AuthorizationHeader(keyId,
            Encoding.UTF8.GetBytes(secret), request.Method.Method, target, clock().ToUnixTimeSeconds(), nonce, digest));
        request.Headers.TryAddWithoutValidation(HmacRequestSignature.ContentDigestHeader, digest);
        return await base.SendAsync(request, cancellationToken);
    }
}
