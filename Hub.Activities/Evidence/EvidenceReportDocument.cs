using System.Globalization;
using System.Text.Json;
using Hub.Trust.Reports;

namespace Hub.Activities.Evidence;

/// <summary>
/// Lays out the evidence report (电子签章证据报告) from the shown data <see cref="EvidenceReportData"/> makes: the
/// document, the parties and how they were verified, the approvals, the seal uses and each signature's verdict, in the
/// order and wording an examiner reads them. Times are shown in the report's zone.
/// </summary>
internal static class EvidenceReportDocument
{
    private const double Indent = 21;

    public static ReportDocument Compose(JsonElement data, TimeZoneInfo zone)
    {
        string S(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";
        string At(JsonElement e, string name, string format) => Shown(S(e, name), zone, format);

        var document = data.GetProperty("document");
        var report = new ReportDocument("电子签章证据报告 " + S(data, "reportNo"))
            .Heading1("电子签章证据报告")
            .Text("报告编号：" + S(data, "reportNo"))
            .Text($"出具平台：{S(data, "platform")}    出具时间：{At(data, "generatedAt", "yyyy年M月d日 HH:mm:ss")}")
            .Heading("一、文件信息")
            .Text("文件名称：" + S(document, "title"))
            .Text($"文件名：{S(document, "fileName")}    大小：{document.GetProperty("size").GetInt64().ToString("N0", CultureInfo.InvariantCulture)} 字节")
            .Text("SHA-256：" + S(document, "sha256"))
            .Heading("二、签署方及身份核验")
            .Table(
                [new("角色", 2), new("名称", 3), new("证件号码（脱敏）", 2.5), new("核验方式及日期", 3)],
                data.GetProperty("parties").EnumerateArray().Select(p => (IReadOnlyList<string>)
                    [S(p, "role"), S(p, "name"), S(p, "identifierMasked"), $"{S(p, "verificationMethod")} {At(p, "verifiedAt", "yyyy-MM-dd")}"]))
            .Heading("三、审批记录")
            .Table(
                [new("审批环节", 2.2), new("审批人", 1.5), new("决定", 1.1), new("意见", 3.4), new("时间", 2.2)],
                data.GetProperty("approvals").EnumerateArray().Select(a => (IReadOnlyList<string>)
                    [S(a, "step"), S(a, "approver"), S(a, "decision"), S(a, "comment"), At(a, "decidedAt", "yyyy-MM-dd HH:mm")]))
            .Heading("四、用印记录");
        var index = 0;
        foreach (var use in data.GetProperty("sealUses").EnumerateArray())
        {
            report.Text($"{++index}. {S(use, "seal")}，证书：{S(use, "certificateSubject")}（序列号 {S(use, "certificateSerial")}）")
                .Text($"用印时间：{At(use, "sealedAt", "yyyy-MM-dd HH:mm:ss")}    可信时间戳：{S(use, "timestamp")}", Indent);
        }

        report.Heading("五、签名验证结果");
        foreach (var signature in data.GetProperty("signatures").EnumerateArray())
        {
            report.Text($"签名域 {S(signature, "field")}：{S(signature, "signer")}")
                .Text($"完整性：{S(signature, "intact")}    签名：{S(signature, "valid")}    证书链：{S(signature, "trusted")}", Indent)
                .Text("结论：" + S(signature, "result"), Indent);
        }

        return report.Space(10)
            .Text("验证结论：" + S(data, "conclusion"))
            .Space(6)
            .Text("本报告由平台根据电子签章过程中形成的数据自动生成，并以平台证书进行电子签章；报告本身的签章可使用任何支持 PAdES 的工具独立验证。");
    }

    private static string Shown(string iso, TimeZoneInfo zone, string format) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture)
            : iso;
}
