using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hub.Server.Cli;

using static Hub.Server.Tests.Cli.InProcessCommandLine;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// <c>hub pdf sign</c> and <c>hub pdf verify</c> run in-process through <see cref="HubCommandLine"/>. Console output is
/// captured, so these tests share one non-parallel collection.
/// </summary>
[Collection(nameof(PdfCommandTests))]
[CollectionDefinition(nameof(PdfCommandTests), DisableParallelization = true)]
public sealed class PdfCommandTests : IDisposable
{
    private const string Password = "seal-pass";
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-pdf-cli-").FullName;
    private readonly string _pfx;
    private readonly string _ca;
    private readonly string _input;

    public PdfCommandTests()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=CLI Test CA, O=Hub Test, C=CN", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var sealKey = RSA.Create(2048);
        var sealRequest = new CertificateRequest("CN=CLI Contract Seal, O=Hub Test, C=CN", sealKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        sealRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var issued = sealRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
        using var seal = issued.CopyWithPrivateKey(sealKey);
        var collection = new X509Certificate2Collection { seal, X509CertificateLoader.LoadCertificate(ca.RawData) };
        _pfx = Path.Combine(_directory, "seal.p12");
        File.WriteAllBytes(_pfx, collection.Export(X509ContentType.Pkcs12, Password)!);
        _ca = Path.Combine(_directory, "ca.pem");
        File.WriteAllText(_ca, ca.ExportCertificatePem());
        _input = Path.Combine(_directory, "in.pdf");
        File.WriteAllBytes(_input, MinimalPdf());
    }

    [Fact]
    public async Task Sign_ThenVerifyWithTrust_ExitsZeroAndReportsIntact()
    {
        var output = Path.Combine(_directory, "out.pdf");

        var (signExit, signOut, _) = await RunAsync("pdf", "sign", "--in", _input, "--out", output, "--pfx", _pfx, "--password", Password, "--rect", "300,40,160,70", "--reason", "approved");
        var (verifyExit, json, _) = await RunAsync("pdf", "verify", output, "--trust", _ca, "--json");

        Assert.Equal(0, signExit);
        Assert.Contains("field Seal1", signOut, StringComparison.Ordinal);
        Assert.Equal(0, verifyExit);
        Assert.Contains("\"intact\": true", json, StringComparison.Ordinal);
        Assert.Contains("\"trusted\": true", json, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory, ".*.tmp"));
    }

    [Fact]
    public async Task Verify_WithoutTrustAnchor_ExitsOne()
    {
        var output = Path.Combine(_directory, "out.pdf");
        Assert.Equal(0, (await RunAsync("pdf", "sign", "--in", _input, "--out", output, "--pfx", _pfx, "--password", Password, "--appearance", "none")).Exit);

        var (exit, text, _) = await RunAsync("pdf", "verify", output);

        Assert.Equal(1, exit);
        Assert.Contains("trusted=False", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ByteFlippedInSignedRange_ExitsOne()
    {
        var output = Path.Combine(_directory, "out.pdf");
        Assert.Equal(0, (await RunAsync("pdf", "sign", "--in", _input, "--out", output, "--pfx", _pfx, "--password", Password)).Exit);
        var bytes = await File.ReadAllBytesAsync(output);
        var at = Encoding.Latin1.GetString(bytes).IndexOf("/MediaBox", StringComparison.Ordinal) + 12;
        bytes[at] = bytes[at] == (byte)'1' ? (byte)'2' : (byte)'1';
        await File.WriteAllBytesAsync(output, bytes);

        var (exit, text, _) = await RunAsync("pdf", "verify", output, "--trust", _ca);

        Assert.Equal(1, exit);
        Assert.Contains("intact=False", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NotAPdf_ExitsTwo()
    {
        var path = Path.Combine(_directory, "junk.pdf");
        await File.WriteAllTextAsync(path, "hello");

        var (exit, _, error) = await RunAsync("pdf", "verify", path);

        Assert.Equal(2, exit);
        Assert.StartsWith("hub: " + path + ": Not a PDF", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rect", "1,2,3", "--rect '1,2,3' must be X,Y,W,H in points with a positive width and height.")]
    [InlineData("--level", "B-T", "--level B-T needs --tsa URL.")]
    [InlineData("--tsa", "ftp://tsa.example/", "--tsa 'ftp://tsa.example/' is not an absolute http or https URL.")]
    [InlineData("--appearance", "invoice", "hub: seal text (--org-name, --seal-name, --seal-code, --taxpayer-number): An invoice seal needs the taxpayer identification number.")]
    [InlineData("--password", "wrong", "--pfx ")]
    public async Task Sign_BadInput_OneLineOnStderrAndNoOutput(string option, string value, string expected)
    {
        var output = Path.Combine(_directory, "out.pdf");
        string[] args = option == "--password"
            ? ["pdf", "sign", "--in", _input, "--out", output, "--pfx", _pfx, "--password", value]
            : ["pdf", "sign", "--in", _input, "--out", output, "--pfx", _pfx, "--password", Password, option, value];

        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_directory, ".*.tmp"));
    }

    [Fact]
    public async Task Sign_NotAPdf_ExitsTwoAndLeavesNoFile()
    {
        var junk = Path.Combine(_directory, "junk.pdf");
        await File.WriteAllTextAsync(junk, "%PDF-1.7 but nothing else");
        var output = Path.Combine(_directory, "out.pdf");

        var (exit, _, error) = await RunAsync("pdf", "sign", "--in", junk, "--out", output, "--pfx", _pfx, "--password", Password);

        Assert.Equal(2, exit);
        Assert.StartsWith("hub: " + junk + ": ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_directory, ".*.tmp"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static byte[] MinimalPdf()
    {
        // One page, classic xref; offsets computed so the file is exact.
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            "<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Contract text) Tj ET\nendstream",
        };
        var text = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(text.Length);
            text.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = text.Length;
        text.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            text.Append($"{offset:D10} 00000 n\r\n");
        }

        text.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
