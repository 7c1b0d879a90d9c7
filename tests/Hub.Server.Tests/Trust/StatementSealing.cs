using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Statements;
using Hub.Trust.Signing;

namespace Hub.Server.Tests.Trust;

/// <summary>Seals PDFs with an approval statement, as the Hub's sealing does, for the verify CLI and API tests.</summary>
internal static class StatementSealing
{
    public static ApprovalStatement StatementFor(byte[] document) => new()
    {
        InstanceId = Guid.NewGuid(),
        DefinitionId = "procurement-contract",
        DefinitionVersion = 2,
        OrganisationId = Guid.NewGuid(),
        OrganisationPath = "/g/south/",
        OrganisationName = "华南制造有限公司",
        DocumentSha256 = Convert.ToHexStringLower(SHA256.HashData(document)),
        SealId = Guid.NewGuid(),
        SealType = SealType.Contract,
        SealName = "华南制造有限公司合同专用章",
        CertificateSerial = "7F01",
        Decisions =
        [
            new RecordedApproval("legal", "法务审核", "approve", Guid.NewGuid(), "赵律师", ["Legal@/g/south/"], new DateTimeOffset(2026, 12, 2, 3, 4, 5, TimeSpan.Zero)),
            new RecordedApproval("finance", "财务审核", "approve", Guid.NewGuid(), "钱会计", ["Finance@/g/south/"], new DateTimeOffset(2026, 12, 2, 3, 9, 0, TimeSpan.Zero)),
        ],
        GrantId = Guid.NewGuid(),
        GrantExpiresAt = new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero),
        StandingGrantId = Guid.NewGuid(),
        PolicyRuleIds = [Guid.NewGuid()],
        PolicyExplanation = [new Explanation("policy-rule", "允许：合同金额未超过 1,000,000 元", "Allowed: contract amount within 1,000,000")],
        IssuedAt = new DateTimeOffset(2026, 12, 2, 3, 10, 0, TimeSpan.Zero),
    };

    /// <summary>Seals <paramref name="pdf"/> carrying <paramref name="prepared"/>'s attribute and attachment (none when null).</summary>
    public static async Task<byte[]> SealAsync(byte[] pdf, X509Certificate2 seal, AsymmetricAlgorithm key, IReadOnlyList<X509Certificate2> chain, PreparedApprovalStatement? prepared)
    {
        using var output = new MemoryStream();
        await new PdfSigner().SealAsync(pdf, output, new PdfSealRequest
        {
            Certificate = seal,
            PrivateKey = key,
            Chain = chain,
            ExtraSignedAttributes = prepared is null ? [] : [prepared.SignedAttribute],
            Attachments = prepared is null ? [] : [prepared.Attachment],
        });
        return output.ToArray();
    }
}
