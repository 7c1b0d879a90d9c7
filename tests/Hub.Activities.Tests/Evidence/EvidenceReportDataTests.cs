using System.Text;
using Hub.Activities.Evidence;
using Hub.Trust.Verification;

namespace Hub.Activities.Tests.Evidence;

/// <summary>The facts-to-template mapping: masking, hashing and how each verdict is worded.</summary>
public sealed class EvidenceReportDataTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData("110101199003071234", "1*************1234")]
    [InlineData("91310115MA1K4B2X5A", "9*************2X5A")]
    [InlineData("13812345678", "1******5678")]
    [InlineData("A1234567", "********")]
    [InlineData("", "")]
    public void Mask_KeepsFirstAndLastFour(string identifier, string masked) =>
        Assert.Equal(masked, IdentifierMask.Mask(identifier));

    [Fact]
    public void Build_FailedVerdict_ResultSaysNotPassedWithTheProblems()
    {
        var facts = Facts(new PdfSignatureVerdict
        {
            FieldName = "Seal1", SubFilter = "ETSI.CAdES.detached", Intact = false, Valid = true, Trusted = true,
            Coverage = PdfSignatureCoverage.WholeFile, Problems = ["message digest does not match the byte range"],
        });

        var data = EvidenceReportData.Build(facts, "平台", DateTimeOffset.UnixEpoch, Shanghai);

        var signature = data.GetProperty("signatures")[0];
        Assert.Equal("否", signature.GetProperty("intact").GetString());
        Assert.Equal("未通过：message digest does not match the byte range", signature.GetProperty("result").GetString());
        Assert.Equal("1 个签名中有 1 个未通过验证，见上表。", data.GetProperty("conclusion").GetString());
    }

    [Fact]
    public void Build_TimestampedVerdict_ShowsTimeInShanghai()
    {
        var facts = Facts(new PdfSignatureVerdict
        {
            FieldName = "Seal1", SubFilter = "ETSI.CAdES.detached", Intact = true, Valid = true, Trusted = true,
            Coverage = PdfSignatureCoverage.WholeFile, TimestampTime = new DateTimeOffset(2026, 11, 20, 2, 0, 1, TimeSpan.Zero), TimestampValid = true,
        });

        var data = EvidenceReportData.Build(facts, "平台", DateTimeOffset.UnixEpoch, Shanghai);

        Assert.Equal("签名有效，覆盖整个文件，时间戳 2026-11-20 10:00:01有效", data.GetProperty("signatures")[0].GetProperty("result").GetString());
        Assert.Equal("全部 1 个签名有效，文件自最后一次签章后未被修改。", data.GetProperty("conclusion").GetString());
    }

    [Fact]
    public void Build_DocumentHashAndSize_ComputedFromTheBytes()
    {
        var facts = Facts(new PdfSignatureVerdict { FieldName = "Seal1", SubFilter = "x" });

        var document = EvidenceReportData.Build(facts, "平台", DateTimeOffset.UnixEpoch, Shanghai).GetProperty("document");

        // SHA-256("abc"), FIPS 180-4 appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", document.GetProperty("sha256").GetString());
        Assert.Equal(3, document.GetProperty("size").GetInt32());
    }

    private static EvidenceFacts Facts(PdfSignatureVerdict verdict) => new()
    {
        ReportNumber = "EV-1",
        DocumentTitle = "t",
        DocumentFileName = "t.pdf",
        Document = Encoding.ASCII.GetBytes("abc"),
        Parties = [new EvidenceParty("甲方", "张三", "110101199003071234", "人脸识别", DateTimeOffset.UnixEpoch)],
        Signatures = [verdict],
    };
}
