using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Statements;
using Hub.Trust.Signing;
using Hub.Trust.Verification;

namespace Hub.Activities.Tests.Seals.Statements;

/// <summary>
/// A root CA with a platform certificate (signs statements) and a seal certificate, the statement of a finance seal
/// use, and sealing with or without it: everything real, nothing mocked.
/// </summary>
internal sealed class StatementPki : IDisposable
{
    public StatementPki()
    {
        Root = new TestRootCa("CN=Statement Test Root, O=Hub Test, C=CN");
        Platform = Root.IssueSeal("CN=Hub Platform, O=Hub Test, C=CN");
        Seal = Root.IssueSeal("CN=华东贸易有限公司财务专用章, O=Hub Test, C=CN");
        Directory = System.IO.Directory.CreateTempSubdirectory("hub-statements-").FullName;
    }

    public TestRootCa Root { get; }

    public X509Certificate2 Platform { get; }

    public X509Certificate2 Seal { get; }

    public string Directory { get; }

    public IReadOnlyList<X509Certificate2> Anchors => [Root.Certificate];

    /// <summary>The pyHanko corpus's two-page PDF, or null outside CI when ../shared is absent.</summary>
    public static byte[]? Document(Xunit.Abstractions.ITestOutputHelper output) =>
        SharedData.Require("data/pdf-pyhanko", output) is { } corpus ? File.ReadAllBytes(Path.Combine(corpus, "minimal-two-pages.pdf")) : null;

    public static ApprovalStatement StatementFor(byte[] document, Guid? instance = null) => new()
    {
        InstanceId = instance ?? Guid.NewGuid(),
        DefinitionId = "expense-reimbursement",
        DefinitionVersion = 3,
        OrganisationId = Guid.NewGuid(),
        OrganisationPath = "/g/east/",
        OrganisationName = "华东贸易有限公司",
        DocumentSha256 = Convert.ToHexStringLower(SHA256.HashData(document)),
        SealId = Guid.NewGuid(),
        SealType = SealType.Finance,
        SealName = "华东贸易有限公司财务专用章",
        CertificateSerial = "0A1B2C",
        Decisions =
        [
            new RecordedApproval("manager", "部门经理审批", "approve", Guid.NewGuid(), "王芳", ["Approver@/g/east/"], new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(8))),
            new RecordedApproval("finance", "财务审核", "approve", Guid.NewGuid(), "李明", ["Finance@/g/east/"], new DateTimeOffset(2026, 12, 1, 10, 5, 12, 345, TimeSpan.Zero)),
        ],
        GrantId = Guid.NewGuid(),
        GrantExpiresAt = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero),
        StandingGrantId = Guid.NewGuid(),
        PolicyRuleIds = [Guid.NewGuid()],
        PolicyExplanation = [new Explanation("policy-rule", "允许：金额未超过 50,000 元", "Allowed: amount within 50,000", Guid.NewGuid())],
        Unattended = true,
        IssuedAt = new DateTimeOffset(2026, 12, 1, 10, 6, 0, TimeSpan.Zero),
    };

    public PreparedApprovalStatement Prepare(ApprovalStatement statement) =>
        ApprovalStatements.Prepare(statement, Platform, Platform.GetRSAPrivateKey()!, [Root.Certificate]);

    /// <summary>Seals <paramref name="pdf"/>, carrying the given attribute and attachment (either may be absent).</summary>
    public async Task<byte[]> SealAsync(byte[] pdf, AsnEncodedData? attribute, SignatureAttachment? attachment)
    {
        using var output = new MemoryStream();
        await new PdfSigner().SealAsync(pdf, output, new PdfSealRequest
        {
            Certificate = Seal,
            Chain = [Root.Certificate],
            ExtraSignedAttributes = attribute is null ? [] : [attribute],
            Attachments = attachment is null ? [] : [attachment],
        });
        return output.ToArray();
    }

    /// <summary>Seals with the statement made for the file as presented.</summary>
    public Task<byte[]> SealWithStatementAsync(byte[] pdf, ApprovalStatement? statement = null)
    {
        var prepared = Prepare(statement ?? StatementFor(pdf));
        return SealAsync(pdf, prepared.SignedAttribute, prepared.Attachment);
    }

    public IReadOnlyList<ApprovalStatementFinding> Check(byte[] pdf, IReadOnlyList<X509Certificate2>? anchors = null)
    {
        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = anchors ?? Anchors }).Verify(pdf);
        return ApprovalStatementCheck.Check(pdf, verdicts, anchors ?? Anchors);
    }

    public void Dispose()
    {
        Platform.Dispose();
        Seal.Dispose();
        Root.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
