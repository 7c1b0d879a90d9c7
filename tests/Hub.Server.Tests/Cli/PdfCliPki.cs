using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Timestamps;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// What the <c>pdf</c> CLI tests seal with: a root CA, seal certificates it issued as PKCS#12 files, and an RFC 3161
/// TSA (Hub.Trust's <see cref="TimestampAuthority"/>, certificate with the critical timeStamping EKU) answering on a
/// loopback HTTP port, as <c>POST /tsa</c> of <c>./hub serve</c> does.
/// </summary>
internal sealed class PdfCliPki : IAsyncDisposable
{
    public const string Password = "seal-pass";

    private readonly X509Certificate2 _ca;
    private readonly RSA _caKey;
    private readonly RSA _tsaKey;
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly string _directory;

    public PdfCliPki(string directory)
    {
        _directory = directory;
        _caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=CLI Test CA, O=Hub Test, C=CN", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPem = Path.Combine(directory, "ca.pem");
        File.WriteAllText(CaPem, _ca.ExportCertificatePem());

        _tsaKey = RSA.Create(2048);
        var tsaRequest = new CertificateRequest("CN=CLI Test TSA, O=Hub Test, C=CN", _tsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        tsaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        tsaRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        var tsaCertificate = tsaRequest.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), [9, 9, 9]);
        var authority = new TimestampAuthority(new TimestampAuthorityOptions(), tsaCertificate, _tsaKey, [], TimeProvider.System);

        var port = FreePort();
        TsaUrl = new Uri($"http://127.0.0.1:{port}/tsa");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync(authority);
    }

    /// <summary>The CA certificate as PEM: <c>--trust</c> of <c>pdf verify</c> and the CA bundle of verify-pdf.</summary>
    public string CaPem { get; }

    public Uri TsaUrl { get; }

    /// <summary>Writes a PKCS#12 with a new seal certificate (RSA-2048, digitalSignature + nonRepudiation), its key and the CA.</summary>
    public string IssueSeal(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=Hub Test, C=CN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(8));
        using var seal = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(_directory, $"{name.Replace(' ', '-')}.p12");
        File.WriteAllBytes(path, new X509Certificate2Collection { seal, X509CertificateLoader.LoadCertificate(_ca.RawData) }.Export(X509ContentType.Pkcs12, Password)!);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Close alone: Close after Stop looks the port up again and fails when another test has taken it meanwhile.
        _listener.Close();
        await _serving;
        _stop.Dispose();
        _tsaKey.Dispose();
        _caKey.Dispose();
        _ca.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync(TimestampAuthority authority)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var reply = await authority.RespondAsync(body.ToArray(), CancellationToken.None);
            context.Response.ContentType = TimestampAuthority.ResponseContentType;
            context.Response.ContentLength64 = reply.Length;
            await context.Response.OutputStream.WriteAsync(reply);
            context.Response.Close();
        }
    }
}
