using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Hub.Trust.Timestamps;

namespace Hub.Trust.Tests.Timestamps;

/// <summary>The client against the Hub's own TSA served over loopback HTTP, honest and deliberately misbehaving.</summary>
public sealed class TimestampClientTests
{
    private static readonly byte[] Document = "采购合同 PO-2026-0042, amount 1,250,000.00"u8.ToArray();

    [Fact]
    public async Task TimestampDataAsync_HonestTsa_ReturnsVerifiedTokenWithTsaTime()
    {
        using var tsa = await PkiTsa.CreateAsync();
        string? receivedContentType = null;
        await using var server = new LoopbackServer(async context =>
        {
            receivedContentType = context.Request.ContentType;
            await Answer(context, await tsa.Authority.RespondAsync(await ReadBody(context), CancellationToken.None));
        });
        using var http = new HttpClient();

        var token = await NewClient(http, server).TimestampDataAsync(Document, CancellationToken.None);

        Assert.Equal("application/timestamp-query", receivedContentType);
        Assert.Equal(SHA256.HashData(Document), token.TokenInfo.GetMessageHash().ToArray());
        var now = tsa.Pki.Time.GetUtcNow();
        // The token carries whole milliseconds ("...40.822Z"); System.Formats.Asn1 decodes some fractions one tick short.
        Assert.Equal(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero), token.TokenInfo.Timestamp, TimeSpan.FromTicks(1));
        Assert.True(token.VerifySignatureForData(Document, out var signer));
        Assert.Equal(tsa.Certificate.Certificate.RawData, signer!.RawData);
    }

    [Fact]
    public async Task TimestampSignatureAsync_SignerInfo_TokenCoversSignatureValue()
    {
        using var tsa = await PkiTsa.CreateAsync();
        await using var server = new LoopbackServer(async context =>
            await Answer(context, await tsa.Authority.RespondAsync(await ReadBody(context), CancellationToken.None)));
        using var http = new HttpClient();
        using var key = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=Signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var cms = new SignedCms(new ContentInfo(Document), detached: true);
        cms.ComputeSignature(new CmsSigner(certificate));

        var token = await NewClient(http, server).TimestampSignatureAsync(cms.SignerInfos[0], CancellationToken.None);

        Assert.Equal(SHA256.HashData(cms.SignerInfos[0].GetSignature()), token.TokenInfo.GetMessageHash().ToArray());
    }

    [Fact]
    public async Task TimestampDataAsync_Http500_ThrowsWithStatus()
    {
        await using var server = new LoopbackServer(context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<TimestampException>(() => NewClient(http, server).TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal($"TSA {server.Url} answered HTTP 500 (Internal Server Error).", error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_WrongContentType_Throws()
    {
        using var tsa = await PkiTsa.CreateAsync();
        await using var server = new LoopbackServer(async context =>
            await Answer(context, await tsa.Authority.RespondAsync(await ReadBody(context), CancellationToken.None), "text/html"));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<TimestampException>(() => NewClient(http, server).TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal($"TSA {server.Url} answered with content type 'text/html', expected 'application/timestamp-reply' (RFC 3161 §3.4).", error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_Rejection_ThrowsWithFailInfoAndText()
    {
        using var tsa = await PkiTsa.CreateAsync();
        await using var server = new LoopbackServer(async context =>
            await Answer(context, await tsa.Authority.RespondAsync(await ReadBody(context), CancellationToken.None)));
        using var http = new HttpClient();
        var client = new TimestampClient(http, new TimestampClientOptions { Url = server.Url, PolicyOid = "1.2.3.4" });

        var error = await Assert.ThrowsAsync<TimestampException>(() => client.TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal(
            $"TSA {server.Url} refused the request: status rejection, failInfo unacceptedPolicy: Policy 1.2.3.4 is not offered; this TSA issues under {TimestampAuthorityOptions.DefaultPolicyOid}.",
            error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_TsaStampsOtherData_ThrowsImprintMismatch()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var other = SHA256.HashData("another document"u8);
        await using var server = new LoopbackServer(async context =>
        {
            var original = Decode(await ReadBody(context));
            var forged = Rfc3161TimestampRequest.CreateFromHash(other, HashAlgorithmName.SHA256, null, original.GetNonce(), true);
            await Answer(context, await tsa.Authority.RespondAsync(forged.Encode(), CancellationToken.None));
        });
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<TimestampException>(() => NewClient(http, server).TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal(
            $"TSA {server.Url} time-stamped the wrong data: the token's imprint is SHA-256 {Convert.ToHexString(other)}, the request's SHA-256 {Convert.ToHexString(SHA256.HashData(Document))}.",
            error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_TsaAnswersOtherNonce_ThrowsNonceMismatch()
    {
        using var tsa = await PkiTsa.CreateAsync();
        string? sentNonce = null;
        await using var server = new LoopbackServer(async context =>
        {
            var original = Decode(await ReadBody(context));
            sentNonce = Convert.ToHexString(original.GetNonce()!.Value.Span);
            var replayed = Rfc3161TimestampRequest.CreateFromHash(original.GetMessageHash(), HashAlgorithmName.SHA256, null, new byte[] { 0x42, 0x42 }, true);
            await Answer(context, await tsa.Authority.RespondAsync(replayed.Encode(), CancellationToken.None));
        });
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<TimestampException>(() => NewClient(http, server).TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal($"TSA {server.Url} returned nonce 4242, but the request sent {sentNonce}: the response does not answer this request.", error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_AlteredSignature_ThrowsSignatureInvalid()
    {
        using var tsa = await PkiTsa.CreateAsync();
        await using var server = new LoopbackServer(async context =>
        {
            var response = await tsa.Authority.RespondAsync(await ReadBody(context), CancellationToken.None);
            response[^1] ^= 0x01; // the SignerInfo's signature value is the last element of the DER response
            await Answer(context, response);
        });
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<TimestampException>(() => NewClient(http, server).TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal($"TSA {server.Url} sent a token whose signature does not verify with certificate '{tsa.Certificate.Certificate.Subject}'.", error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_GarbageBody_ThrowsNotATimeStampResp()
    {
        await using var server = new LoopbackServer(context => Answer(context, [0x30, 0x02, 0x05]));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<TimestampException>(() => NewClient(http, server).TimestampDataAsync(Document, CancellationToken.None));

        Assert.StartsWith($"TSA {server.Url} sent a body that is not a DER TimeStampResp:", error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_TsaNeverAnswers_ThrowsTimeout()
    {
        LoopbackServer? self = null;
        await using var server = self = new LoopbackServer(_ => self!.Stopping);
        using var http = new HttpClient();
        var client = new TimestampClient(http, new TimestampClientOptions { Url = server.Url, Timeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<TimestampException>(() => client.TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal($"TSA {server.Url} did not answer within 0.3 s.", error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_NothingListening_ThrowsUnreachable()
    {
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{LoopbackServer.FreePort()}/tsa");
        var client = new TimestampClient(http, new TimestampClientOptions { Url = url });

        var error = await Assert.ThrowsAsync<TimestampException>(() => client.TimestampDataAsync(Document, CancellationToken.None));

        Assert.StartsWith($"TSA {url} could not be reached:", error.Message);
    }

    [Fact]
    public void Ctor_Sha1_Throws()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(
            () => new TimestampClient(http, new TimestampClientOptions { Url = new Uri("http://tsa.test/"), HashAlgorithm = HashAlgorithmName.SHA1 }));

        Assert.StartsWith("Hash algorithm SHA1 is not accepted for time-stamps; use SHA256, SHA384 or SHA512.", error.Message);
    }

    private static TimestampClient NewClient(HttpClient http, LoopbackServer server) =>
        new(http, new TimestampClientOptions { Url = server.Url, Timeout = TimeSpan.FromSeconds(20) });

    private static Rfc3161TimestampRequest Decode(byte[] body)
    {
        Assert.True(Rfc3161TimestampRequest.TryDecode(body, out var request, out _));
        return request!;
    }

    private static async Task<byte[]> ReadBody(HttpListenerContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task Answer(HttpListenerContext context, byte[] body, string contentType = TimestampAuthority.ResponseContentType)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
    }
}
