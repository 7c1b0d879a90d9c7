using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hub.Activities.Identity.Providers.Local;

/// <summary>
/// A faithful local identity vendor: a real HTTP service on a loopback port (HttpListener, so Hub.Activities needs no
/// web framework) that authenticates every call with the vendor signature (<see cref="ProviderRequestSignature"/>:
/// unknown app, stale timestamp, reused nonce or wrong signature → 401), answers from a register of test persons and
/// enterprises, runs network identity sessions that the person authorises through a simulated national app
/// (<c>POST /app/network-identity/{session}/authorise|decline</c>), and can be told to time out, rate-limit or fail.
/// It never echoes an ID number: answers carry a result and an opaque reference only.
/// </summary>
public sealed class LocalIdentityProvider : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte> _nonces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NetworkSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LocalProviderFault> _faults = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly Task _loop;
    private int _requests;

    private LocalIdentityProvider(LocalIdentityRegistry registry, TimeProvider time, int port)
    {
        Registry = registry;
        _time = time;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The application id callers must present.</summary>
    public string AppId { get; } = "hub-local";

    /// <summary>Where it listens.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The register it answers from.</summary>
    public LocalIdentityRegistry Registry { get; }

    /// <summary>Signed requests received so far (including refused and faulted ones).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Starts a provider on a free loopback port.</summary>
    public static LocalIdentityProvider Start(LocalIdentityRegistry registry, TimeProvider? time = null)
    {
        // HttpListener cannot bind port 0; take a free port from the OS and retry on the rare race.
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                return new LocalIdentityProvider(registry, time ?? TimeProvider.System, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>Client options that reach this provider with its credentials.</summary>
    public IdentityProviderOptions ClientOptions() => new()
    {
        Name = "local",
        BaseUrl = BaseUrl,
        AppId = AppId,
        Secret = Convert.ToBase64String(_secret),
    };

    /// <summary>Makes the next <paramref name="count"/> signed requests fail this way, in order.</summary>
    public void InjectFault(LocalProviderFault fault, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
            // Closing the listener ends GetContextAsync with one of these; that is the normal way out.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, body, headers) = await HandleAsync(context.Request);
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }

            response.StatusCode = status;
            response.ContentType = "application/json";
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stopping.Token);
            response.Close();
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up (its timeout) or the provider is stopping: nobody is left to answer.
            response.Abort();
        }
    }

    private async Task<(int Status, object Body, (string, string)[] Headers)> HandleAsync(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath;
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer, _stopping.Token);
        var body = buffer.ToArray();

        // The simulated national app: the person acts on their own phone, not through the vendor's signed API.
        if (request.HttpMethod == "POST" && path.StartsWith("/app/network-identity/", StringComparison.Ordinal))
        {
            return AppDecision(path["/app/network-identity/".Length..]);
        }

        Interlocked.Increment(ref _requests);
        if (Authenticate(request, path, body) is { } refusal)
        {
            return (401, new { error = refusal }, []);
        }

        if (_faults.TryDequeue(out var fault))
        {
            switch (fault)
            {
                case LocalProviderFault.Timeout:
                    await Task.Delay(TimeSpan.FromSeconds(30), _stopping.Token);
                    break;
                case LocalProviderFault.RateLimited:
                    return (429, new { error = "rate limit exceeded" }, [("Retry-After", "1")]);
                case LocalProviderFault.Unavailable:
                    return (503, new { error = "service unavailable" }, []);
            }
        }

        return (request.HttpMethod, path) switch
        {
            ("POST", "/v1/persons/three-element") => Answer(ThreeElement(Json(body))),
            ("POST", "/v1/persons/face") => Answer(Face(Json(body))),
            ("POST", "/v1/network-identity/sessions") => Answer(OpenSession(Json(body))),
            ("GET", _) when path.StartsWith("/v1/network-identity/sessions/", StringComparison.Ordinal) =>
                _sessions.TryGetValue(path["/v1/network-identity/sessions/".Length..], out var session)
                    ? Answer((session.Result, session.Result == "match" ? session.CredentialId : null))
                    : (404, new { error = "no such session" }, []),
            ("POST", "/v1/enterprises/verify") => Answer(Enterprise(Json(body))),
            _ => (404, new { error = "no such operation" }, []),
        };
    }

    private static (int, object, (string, string)[]) Answer((string Result, string? Reference) verdict) =>
        (200, new { result = verdict.Result, reference = verdict.Reference ?? "req-" + Guid.NewGuid().ToString("N")[..12] }, []);

    private string? Authenticate(HttpListenerRequest request, string path, byte[] body)
    {
        var app = request.Headers[ProviderRequestSignature.AppHeader];
        var timestamp = request.Headers[ProviderRequestSignature.TimestampHeader];
        var nonce = request.Headers[ProviderRequestSignature.NonceHeader];
        var signature = request.Headers[ProviderRequestSignature.SignatureHeader];
        if (app != AppId || nonce is null || signature is null || !long.TryParse(timestamp, out var ms))
        {
            return "missing or unknown credentials";
        }

        if ((DateTimeOffset.FromUnixTimeMilliseconds(ms) - _time.GetUtcNow()).Duration() > ProviderRequestSignature.AllowedSkew)
        {
            return "timestamp outside the allowed window";
        }

        var expected = ProviderRequestSignature.Compute(_secret, request.HttpMethod, path, ms, nonce, body);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return "signature mismatch";
        }

        return _nonces.TryAdd(nonce, 0) ? null : "nonce reused";
    }

    private (string, string?) ThreeElement(JsonElement request)
    {
        var person = Registry.FindPerson(Text(request, "idNumber"));
        return person switch
        {
            null => ("mismatch", null),
            { State: LocalPersonState.Deceased } => ("deceased", null),
            { State: LocalPersonState.InvalidDocument } => ("invalid_document", null),
            _ when person.Name == Text(request, "name") && person.Mobile == Text(request, "mobile") => ("match", null),
            _ => ("mismatch", null),
        };
    }

    private (string, string?) Face(JsonElement request)
    {
        var person = Registry.FindPerson(Text(request, "idNumber"));
        var live = request.TryGetProperty("liveness", out var l) && l.ValueKind == JsonValueKind.True;
        return person is { State: LocalPersonState.Valid, FaceSha256: { } face } && live && person.Name == Text(request, "name") &&
               string.Equals(face, Text(request, "imageSha256"), StringComparison.OrdinalIgnoreCase)
            ? ("match", null)
            : ("mismatch", null);
    }

    private (string, string?) OpenSession(JsonElement request)
    {
        var person = Registry.FindPerson(Text(request, "idNumber"));
        if (person is null || person.Name != Text(request, "name"))
        {
            return ("mismatch", null);
        }

        if (person.State != LocalPersonState.Valid)
        {
            return (person.State == LocalPersonState.Deceased ? "deceased" : "invalid_document", null);
        }

        var id = "nis-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _sessions[id] = new NetworkSession("pending", "cred-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        return ("pending", id);
    }

    private (int, object, (string, string)[]) AppDecision(string rest)
    {
        var parts = rest.Split('/');
        if (parts.Length != 2 || parts[1] is not ("authorise" or "decline") || !_sessions.TryGetValue(parts[0], out var session))
        {
            return (404, new { error = "no such session or decision" }, []);
        }

        _sessions[parts[0]] = session with { Result = parts[1] == "authorise" ? "match" : "declined" };
        return (200, new { result = "recorded" }, []);
    }

    private (string, string?) Enterprise(JsonElement request)
    {
        var enterprise = Registry.FindEnterprise(Text(request, "creditCode"));
        return enterprise switch
        {
            null => ("mismatch", null),
            { Deregistered: true } => ("deregistered", null),
            _ when enterprise.Name == Text(request, "name") && enterprise.LegalRepresentative == Text(request, "legalRepresentative") => ("match", null),
            _ => ("mismatch", null),
        };
    }

    private static JsonElement Json(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";

    private sealed record NetworkSession(string Result, string CredentialId);
}
