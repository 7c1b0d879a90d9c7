using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hub.Activities.Documents.Templates;
using Hub.Activities.Evidence;
using Hub.Activities.Tests.Archive;
using Hub.Activities.Tests.Documents;
using Hub.Trust.Pki;
using Hub.Trust.Signing;
using Hub.Trust.Verification;
using Xunit.Abstractions;

namespace Hub.Activities.Tests.Evidence;

/// <summary>
/// Golden test: a procurement contract rendered from its shipped template, sealed twice with certificates from the Hub
/// CA, verified, then reported on. The report's text (pdftotext), fonts (pdffonts) and its own platform seal
/// (PdfSignatureVerifier and ../shared/tools/verify-pdf) are checked independently.
/// </summary>
public sealed partial class EvidenceReportBuilderTests(ConverterFixture converter, ITestOutputHelper output) : IClassFixture<ConverterFixture>
{
    private const string RawResidentId = "110101199003071234";

    [Fact]
    public async Task BuildAsync_ContractSealedTwice_ReportListsFactsAndItsOwnSealVerifies()
    {
        if (!LibreOffice.Available(output, "/usr/bin/pdftotext", "/usr/bin/pdffonts"))
        {
            return;
        }

        using var ca = await HubCa.CreateAsync();
        using var buyer = await ca.IssueAsync("CN=华东星辰科技有限公司合同专用章, O=华东星辰科技有限公司, C=CN", CertificateKind.Organisation);
        using var supplier = await ca.IssueAsync("CN=苏州恒远办公设备有限公司合同专用章, O=苏州恒远办公设备有限公司, C=CN", CertificateKind.Organisation);
        using var platform = await ca.IssueAsync("CN=Hub 集团电子签章平台, O=Hub Test Group, C=CN", CertificateKind.Organisation);
        var chain = new[] { ca.Chain.Issuing, ca.Chain.Root };
        var signer = new PdfSigner();

        var contract = await converter.Pool.ConvertToPdfAsync(
            Template("procurement-contract").Render(Json("procurement-contract.sample.json")), CancellationToken.None);
        var once = await SealAsync(signer, contract, buyer, chain);
        var twice = await SealAsync(signer, once, supplier, chain);
        var verifier = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [ca.Chain.Root] });
        var verdicts = verifier.Verify(twice);
        Assert.All(verdicts, v => Assert.True(v.IsAcceptable, string.Join("; ", v.Problems)));

        var builder = new EvidenceReportBuilder(signer);
        var report = await builder.BuildAsync(Facts(twice, verdicts, buyer, supplier), new PdfSealRequest { Certificate = platform, Chain = chain },
            CancellationToken.None);

        var path = Path.Combine(ca.Directory, "evidence-report.pdf");
        await File.WriteAllBytesAsync(path, report.Pdf);
        var documentHash = Convert.ToHexStringLower(SHA256.HashData(twice));
        var text = Whitespace().Replace(await ExternalTool.RunCheckedAsync("pdftotext", "-enc", "UTF-8", path, "-"), "");
        output.WriteLine(text);
        foreach (var phrase in new[]
                 {
                     "SHA-256：" + documentHash, "1*************1234", "9*************2X5A", "9*************3L2C",
                     "人脸识别（活体）", "同意", "预算内采购", "驳回", "请补充验收条款", "合同专用章，证书：华东星辰科技有限公司合同专用章（序列号",
                     "签名域Seal1：华东星辰科技有限公司合同专用章", "签名域Seal2：苏州恒远办公设备有限公司合同专用章",
                     "结论：签名有效，此后仅追加了允许的签章，无时间戳", "结论：签名有效，覆盖整个文件，无时间戳", "可信时间戳：无（B-B级别）",
                     "验证结论：全部2个签名有效",
                 })
        {
            Assert.Contains(phrase, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(RawResidentId, text, StringComparison.Ordinal);
        Assert.Equal(documentHash, report.DocumentSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(report.Pdf)), report.Sha256);

        var fonts = (await ExternalTool.RunCheckedAsync("pdffonts", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line => Assert.Matches(@"\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line));

        var own = Assert.Single(verifier.Verify(report.Pdf));
        Assert.True(own.IsAcceptable, string.Join("; ", own.Problems));
        Assert.Equal(report.SignatureField, own.FieldName);
        Assert.Equal(PdfSignatureCoverage.WholeFile, own.Coverage);
        Assert.Equal(platform.Thumbprint, own.SigningCertificate!.Thumbprint);

        await IndependentlyVerifiedAsync(path, ca);
    }

    private async Task IndependentlyVerifiedAsync(string pdf, HubCa ca)
    {
        var tool = Path.GetFullPath(Path.Combine(SharedData.RepositoryRoot(), "..", "shared", "tools", "verify-pdf"));
        if (!ExternalTool.FilesExist(output, "apt-get install -y qpdf poppler-utils openssl; ../shared/tools", tool, "/usr/bin/qpdf", "/usr/bin/pdfsig", "/usr/bin/openssl"))
        {
            return;
        }

        var bundle = Path.Combine(ca.Directory, "ca-bundle.pem");
        await File.WriteAllTextAsync(bundle, ca.Chain.Root.ExportCertificatePem() + "\n" + ca.Chain.Issuing.ExportCertificatePem() + "\n");
        output.WriteLine(await ExternalTool.RunCheckedAsync(tool, pdf, bundle));
    }

    private static EvidenceFacts Facts(byte[] document, IReadOnlyList<PdfSignatureVerdict> verdicts, X509Certificate2 buyer, X509Certificate2 supplier)
    {
        var at = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        return new EvidenceFacts
        {
            ReportNumber = "EV-2026-000777",
            DocumentTitle = "采购合同 CG-2026-HD-0093",
            DocumentFileName = "CG-2026-HD-0093.pdf",
            Document = document,
            Parties =
            [
                new("甲方", "华东星辰科技有限公司", "91310115MA1K4B2X5A", "企业四要素核验", at.AddDays(-2)),
                new("甲方经办人", "张晓明", RawResidentId, "人脸识别（活体）", at.AddDays(-2)),
                new("乙方", "苏州恒远办公设备有限公司", "91320505MA1W7C3L2C", "企业四要素核验", at.AddDays(-1)),
            ],
            Approvals =
            [
                new("法务审核", "王芳", "驳回", "请补充验收条款", at.AddHours(-30)),
                new("部门负责人审批", "李建国", "同意", "预算内采购", at.AddHours(-20)),
            ],
            SealUses =
            [
                new("合同专用章", buyer.Subject, buyer.SerialNumber, at, null),
                new("合同专用章", supplier.Subject, supplier.SerialNumber, at.AddHours(1), null),
            ],
            Signatures = verdicts,
        };
    }

    private static async Task<byte[]> SealAsync(PdfSigner signer, byte[] pdf, X509Certificate2 certificate, X509Certificate2[] chain)
    {
        using var output = new MemoryStream();
        await signer.SealAsync(pdf, output, new PdfSealRequest { Certificate = certificate, Chain = chain }, CancellationToken.None);
        return output.ToArray();
    }

    private static DocumentTemplate Template(string name) =>
        DocumentTemplate.Load(File.ReadAllBytes(Path.Combine(SharedData.RepositoryRoot(), "workflows", "templates", name + ".docx")));

    private static JsonElement Json(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "workflows", "templates", file))).RootElement;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
