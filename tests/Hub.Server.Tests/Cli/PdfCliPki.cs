using System.Security.Cryptography.X509Certificates;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// What the <c>pdf</c> CLI tests seal with: a root CA, seal certificates it issued as PKCS#12 files, and an RFC 3161
/// TSA (Hub.Trust's, certificate with the critical timeStamping EKU) answering on a loopback HTTP port, as
/// <c>POST /tsa</c> of <c>./hub serve</c> does, because <c>pdf sign --tsa URL</c> speaks HTTP.
/// </summary>
internal sealed class PdfCliPki : IAsyncDisposable
{
    public const string Password = "seal-pass";

    private readonly TestRootCa _ca = new("CN=CLI Test CA, O=Hub Test, C=CN");
    private readonly TestTsa _tsa;
    private readonly LoopbackTsa _server;
    private readonly string _directory;

    public PdfCliPki(string directory)
    {
        _directory = directory;
        CaPem = Path.Combine(directory, "ca.pem");
        File.WriteAllText(CaPem, _ca.Pem);
        _tsa = _ca.IssueTsa("CN=CLI Test TSA, O=Hub Test, C=CN");
        _server = new LoopbackTsa(_tsa);
    }

    /// <summary>The CA certificate as PEM: <c>--trust</c> of <c>pdf verify</c> and the CA bundle of verify-pdf.</summary>
    public string CaPem { get; }

    public Uri TsaUrl => _server.Url;

    /// <summary>Writes a PKCS#12 with a new seal certificate (RSA-2048, digitalSignature + nonRepudiation), its key and the CA.</summary>
    public string IssueSeal(string name)
    {
        using var seal = _ca.IssueSeal($"CN={name}, O=Hub Test, C=CN");
        using var ca = X509CertificateLoader.LoadCertificate(_ca.Certificate.RawData);
        var path = Path.Combine(_directory, $"{name.Replace(' ', '-')}.p12");
        File.WriteAllBytes(path, new X509Certificate2Collection { seal, ca }.Export(X509ContentType.Pkcs12, Password)!);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _tsa.Dispose();
        _ca.Dispose();
    }
}
