using System.Net;
using System.Net.Http.Headers;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Trust;

/// <summary>POST /tsa answers RFC 3161 requests that OpenSSL makes and verifies.</summary>
public sealed class TimestampEndpointTests(HubServerFixture hub, ITestOutputHelper output) : IClassFixture<HubServerFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hub-tsa-test-").FullName;

    [Fact]
    public async Task Tsa_OpenSslRequest_TokenVerifiesAgainstThePublishedChain()
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        var data = Path.Combine(_work, "document.pdf");
        await File.WriteAllTextAsync(data, "盖章的文件内容");
        var query = Path.Combine(_work, "request.tsq");
        Assert.Equal(0, (await ExternalTool.RunAsync("openssl", "ts", "-query", "-data", data, "-sha256", "-cert", "-out", query)).ExitCode);

        using var client = hub.Anonymous();
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(query));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await client.PostAsync("/tsa", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        var reply = Path.Combine(_work, "reply.tsr");
        await File.WriteAllBytesAsync(reply, await response.Content.ReadAsByteArrayAsync());

        var chain = Path.Combine(_work, "chain.pem");
        await File.WriteAllBytesAsync(chain, await client.GetByteArrayAsync("/ca/chain.pem"));
        var verified = await ExternalTool.RunAsync("openssl", "ts", "-verify", "-in", reply, "-data", data, "-CAfile", chain);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("Verification: OK", verified.Output, StringComparison.Ordinal);

        await File.AppendAllTextAsync(data, "改");
        var tampered = await ExternalTool.RunAsync("openssl", "ts", "-verify", "-in", reply, "-data", data, "-CAfile", chain);
        Assert.NotEqual(0, tampered.ExitCode);
    }

    [Fact]
    public async Task Tsa_GarbageRequest_AnswersARejectionNotAnError()
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        using var client = hub.Anonymous();
        using var content = new ByteArrayContent("not a request"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await client.PostAsync("/tsa", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Path.Combine(_work, "rejected.tsr");
        await File.WriteAllBytesAsync(reply, await response.Content.ReadAsByteArrayAsync());
        var text = await ExternalTool.RunAsync("openssl", "ts", "-reply", "-in", reply, "-text");
        Assert.Contains("Rejected", text.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Tsa_WrongMediaTypeOrHugeBody_IsAProblem()
    {
        using var client = hub.Anonymous();
        using var json = await client.PostAsync("/tsa", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);

        using var huge = new ByteArrayContent(new byte[100_000]);
        huge.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var tooLarge = await client.PostAsync("/tsa", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Crl_IsAValidDerCrlOfTheIssuingCa()
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        using var client = hub.Anonymous();
        var crl = Path.Combine(_work, "issuing.crl");
        await File.WriteAllBytesAsync(crl, await client.GetByteArrayAsync("/ca/crl"));
        var text = await ExternalTool.RunAsync("openssl", "crl", "-inform", "DER", "-in", crl, "-noout", "-issuer");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Hub Issuing CA", text.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
