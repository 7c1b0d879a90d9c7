using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Providers;

namespace Hub.Activities.Tests.Identity;

/// <summary>The HTTP SMS gateway sender against a loopback gateway that checks the request signature like a vendor
/// would and can fail the first requests (503, 429 with Retry-After) or all of them.</summary>
public sealed class HttpSmsGatewayTests : IDisposable
{
    private static readonly byte[] Secret = "sms-gateway-test-secret-32-bytes"u8.ToArray();
    private readonly LoopbackSmsGateway _gateway = LoopbackSmsGateway.Start(Secret);

    public void Dispose() => _gateway.Dispose();

    private HttpSmsGateway Sender(int maxAttempts = 3) => new(new HttpClient(), new SmsGatewayOptions
    {
        Url = _gateway.Url, AppId = "hub", Secret = Convert.ToBase64String(Secret), MaxAttempts = maxAttempts,
        InitialBackoff = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(2),
    }, TimeProvider.System);

    private static MobileNumber Mobile()
    {
        Assert.True(MobileNumber.TryParse("13912345678", out var mobile, out var problem), problem);
        return mobile!;
    }

    [Fact]
    public async Task Send_GatewayFailsWith503Then429_RetriedAndDeliveredOnceSigned()
    {
        _gateway.Failures.Enqueue(HttpStatusCode.ServiceUnavailable);
        _gateway.Failures.Enqueue(HttpStatusCode.TooManyRequests);

        await Sender().SendAsync(Guid.NewGuid(), Mobile(), "Your Hub code is 123456.", CancellationToken.None);

        var delivered = Assert.Single(_gateway.Delivered);
        Assert.Equal(("13912345678", "Your Hub code is 123456."), (delivered.GetProperty("to").GetString(), delivered.GetProperty("text").GetString()));
        Assert.Equal(3, _gateway.Requests);
        Assert.Equal(0, _gateway.BadSignatures);
    }

    [Fact]
    public async Task Send_GatewayDown_TransientFailureNamesTheMaskedMobileAndNeverTheCode()
    {
        for (var i = 0; i < 3; i++)
        {
            _gateway.Failures.Enqueue(HttpStatusCode.BadGateway);
        }

        var failure = await Assert.ThrowsAsync<IdentityProviderException>(() =>
            Sender().SendAsync(Guid.NewGuid(), Mobile(), "Your Hub code is 654321.", CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Equal("SMS gateway answered HTTP 502 for 139****5678. Gave up after 3 attempts; no code was delivered.", failure.Message);
        Assert.Empty(_gateway.Delivered);
    }

    [Fact]
    public async Task Send_WrongSecret_RefusedByTheGatewayAndNotRetried()
    {
        var sender = new HttpSmsGateway(new HttpClient(), new SmsGatewayOptions
        {
            Url = _gateway.Url, AppId = "hub", Secret = Convert.ToBase64String(new byte[32]), InitialBackoff = TimeSpan.FromMilliseconds(10),
        }, TimeProvider.System);

        var failure = await Assert.ThrowsAsync<IdentityProviderException>(() =>
            sender.SendAsync(Guid.NewGuid(), Mobile(), "Your Hub code is 111111.", CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Equal("SMS gateway answered HTTP 401 for 139****5678. Not retried: the request was refused.", failure.Message);
        Assert.Equal((1, 1), (_gateway.Requests, _gateway.BadSignatures));
    }

    /// <summary>A loopback SMS gateway: verifies X-Ca-* signatures (401 otherwise), answers queued failures first.</summary>
    private sealed class LoopbackSmsGateway : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[] _secret;
        private int _requests;
        private int _badSignatures;

        private LoopbackSmsGateway(byte[] secret, int port)
        {
            _secret = secret;
            Url = new Uri($"http://127.0.0.1:{port}/sms/send");
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public Uri Url { get; }

        public ConcurrentQueue<HttpStatusCode> Failures { get; } = new();

        public ConcurrentQueue<JsonElement> Delivered { get; } = new();

        public int Requests => _requests;

        public int BadSignatures => _badSignatures;

        public static LoopbackSmsGateway Start(byte[] secret)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new LoopbackSmsGateway(secret, port);
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                using var buffer = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(buffer);
                var body = buffer.ToArray();
                var expected = ProviderRequestSignature.Compute(_secret, context.Request.HttpMethod, context.Request.Url!.PathAndQuery,
                    long.Parse(context.Request.Headers[ProviderRequestSignature.TimestampHeader] ?? "0", System.Globalization.CultureInfo.InvariantCulture),
                    context.Request.Headers[ProviderRequestSignature.NonceHeader] ?? "", body);
                if (expected != context.Request.Headers[ProviderRequestSignature.SignatureHeader])
                {
                    Interlocked.Increment(ref _badSignatures);
                    context.Response.StatusCode = 401;
                }
                else if (Failures.TryDequeue(out var failure))
                {
                    context.Response.StatusCode = (int)failure;
                    if (failure == HttpStatusCode.TooManyRequests)
                    {
                        context.Response.Headers["Retry-After"] = "0";
                    }
                }
                else
                {
                    Delivered.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
                    context.Response.StatusCode = 200;
                }

                context.Response.Close();
            }
        }
    }
}
