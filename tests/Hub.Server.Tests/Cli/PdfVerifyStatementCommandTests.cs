using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Hub.Activities.Seals.Statements;
using Hub.Server.Cli;
using Hub.Server.Tests.Trust;

using static Hub.Server.Tests.Cli.InProcessCommandLine;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// <c>hub pdf verify</c> explains each seal's approval (who approved what, under which grant and policy) from a copy
/// of the file in another directory and the CA given with <c>--trust-anchor</c>, and flags statements that do not
/// hold. Shares the console-capturing collection of <see cref="PdfCommandTests"/>.
/// </summary>
[Collection(nameof(PdfCommandTests))]
public sealed class PdfVerifyStatementCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-pdf-statement-").FullName;
    private readonly TestRootCa _ca = new("CN=Statement CLI CA, O=Hub Test, C=CN");
    private readonly X509Certificate2 _platform;
    private readonly X509Certificate2 _seal;
    private readonly string _caPem;

    public PdfVerifyStatementCommandTests()
    {
        _platform = _ca.IssueSeal("CN=Hub Platform, O=Hub Test, C=CN");
        _seal = _ca.IssueSeal("CN=华南制造有限公司合同专用章, O=Hub Test, C=CN");
        _caPem = Path.Combine(_directory, "ca.pem");
        File.WriteAllText(_caPem, _ca.Pem);
    }

    [Fact]
    public async Task Verify_CopiedSealedFile_ShowsWhoApprovedUnderWhichGrantAndPolicy()
    {
        var pdf = PdfCommandTests.MinimalPdf();
        var statement = StatementSealing.StatementFor(pdf);
        var copy = await WriteCopyAsync(await SealAsync(pdf, Prepare(statement)));

        var (exit, text, _) = await RunAsync("pdf", "verify", copy, "--trust-anchor", _caPem);
        var (jsonExit, json, _) = await RunAsync("pdf", "verify", copy, "--trust-anchor", _caPem, "--json");

        Assert.True(exit == 0, text);
        Assert.Contains("approval statement: VALID, signed by CN=Hub Platform, O=Hub Test, C=CN", text, StringComparison.Ordinal);
        Assert.Contains($"instance {statement.InstanceId} of procurement-contract v2, 华南制造有限公司 (/g/south/)", text, StringComparison.Ordinal);
        Assert.Contains($"法务审核 (legal): approve by 赵律师 [{statement.Decisions[0].DeciderId}] at 2026-12-02 03:04:05Z", text, StringComparison.Ordinal);
        Assert.Contains($"grant {statement.GrantId} (expires 2026-12-02 04:00:00Z), standing grant {statement.StandingGrantId}", text, StringComparison.Ordinal);
        Assert.Contains("允许：合同金额未超过 1,000,000 元 / Allowed: contract amount within 1,000,000", text, StringComparison.Ordinal);
        Assert.Equal(0, jsonExit);
        using var report = JsonDocument.Parse(json);
        var approval = report.RootElement.GetProperty("signatures")[0].GetProperty("approval");
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("Valid", approval.GetProperty("status").GetString());
        Assert.Equal("钱会计", approval.GetProperty("statement").GetProperty("decisions")[1].GetProperty("deciderName").GetString());
        Assert.Equal("Contract", approval.GetProperty("statement").GetProperty("sealType").GetString());
    }

    [Fact]
    public async Task Verify_StatementOfAnotherInstance_FlaggedAndExitsOne()
    {
        var pdf = PdfCommandTests.MinimalPdf();
        var own = Prepare(StatementSealing.StatementFor(pdf));
        var other = Prepare(StatementSealing.StatementFor(pdf));
        var swapped = own with { Attachment = other.Attachment };
        var copy = await WriteCopyAsync(await SealAsync(pdf, swapped));

        var (exit, text, _) = await RunAsync("pdf", "verify", copy, "--trust-anchor", _caPem);

        Assert.Equal(1, exit);
        Assert.Contains("approval statement: DOES NOT MATCH ITS SEAL", text, StringComparison.Ordinal);
        Assert.Contains("The statement does not match its seal", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OneByteChanged_ExitsOneAndSaysTheSealIsBroken()
    {
        var pdf = PdfCommandTests.MinimalPdf();
        var sealedPdf = await SealAsync(pdf, Prepare(StatementSealing.StatementFor(pdf)));
        var at = Encoding.Latin1.GetString(sealedPdf).IndexOf("Contract text", StringComparison.Ordinal);
        sealedPdf[at] = (byte)'K';

        var (exit, text, _) = await RunAsync("pdf", "verify", await WriteCopyAsync(sealedPdf), "--trust-anchor", _caPem);

        Assert.Equal(1, exit);
        Assert.Contains("FAILED intact=False", text, StringComparison.Ordinal);
        Assert.Contains("approval statement: SEALNOTINTACT", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HostileStatementFile_ReportedNotCrashed()
    {
        var pdf = PdfCommandTests.MinimalPdf();
        var garbage = RandomNumberGenerator.GetBytes(4096);
        var hostile = new PreparedApprovalStatement(garbage, ApprovalStatements.DigestAttribute(SHA256.HashData(garbage)),
            new Hub.Trust.Signing.SignatureAttachment(ApprovalStatements.FileName, garbage, ApprovalStatements.MediaType, ""));

        var (exit, text, error) = await RunAsync("pdf", "verify", await WriteCopyAsync(await SealAsync(pdf, hostile)), "--trust-anchor", _caPem);

        Assert.Equal(1, exit);
        Assert.Contains("approval statement: MALFORMED", text, StringComparison.Ordinal);
        Assert.Contains("The statement file is not a CMS SignedData", text, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("not a pdf at all")]
    [InlineData("%PDF-1.7\n1 0 obj << /Type /Catalog")]
    public async Task Verify_NotAPdf_OnePlainLineExitTwo(string content)
    {
        var path = Path.Combine(_directory, "bad.pdf");
        await File.WriteAllTextAsync(path, content);

        var (exit, text, error) = await RunAsync("pdf", "verify", path, "--trust-anchor", _caPem);

        Assert.Equal(2, exit);
        Assert.Empty(text);
        Assert.StartsWith($"hub: {path}: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Verify_TrustAnchorNotAFile_OnePlainLineExitTwo()
    {
        var (exit, _, error) = await RunAsync("pdf", "verify", _caPem, "--trust-anchor", Path.Combine(_directory, "missing.pem"));

        Assert.Equal(2, exit);
        Assert.StartsWith("hub: --trust-anchor ", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _platform.Dispose();
        _seal.Dispose();
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private PreparedApprovalStatement Prepare(ApprovalStatement statement) =>
        ApprovalStatements.Prepare(statement, _platform, _platform.GetRSAPrivateKey()!, [_ca.Certificate]);

    private Task<byte[]> SealAsync(byte[] pdf, PreparedApprovalStatement prepared) =>
        StatementSealing.SealAsync(pdf, _seal, _seal.GetRSAPrivateKey()!, [_ca.Certificate], prepared);

    /// <summary>Writes the sealed file where it was made, then verifies a copy in another directory: only the file travels.</summary>
    private async Task<string> WriteCopyAsync(byte[] sealedPdf)
    {
        var original = Path.Combine(_directory, "sealed.pdf");
        await File.WriteAllBytesAsync(original, sealedPdf);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_directory, "elsewhere-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var copy = Path.Combine(elsewhere, "received.pdf");
        File.Copy(original, copy);
        return copy;
    }
}
