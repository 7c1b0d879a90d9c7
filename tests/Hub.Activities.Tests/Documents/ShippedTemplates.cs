using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using static Hub.Activities.Tests.Documents.DocxBuilder;

namespace Hub.Activities.Tests.Documents;

/// <summary>The generator of the templates shipped in workflows/templates: each .docx there is built by this code
/// (see ShippedTemplatesTests), so a change to a template is a reviewable change to code.</summary>
internal static class ShippedTemplates
{
    public static IReadOnlyDictionary<string, Func<DocxBuilder>> All { get; } = new Dictionary<string, Func<DocxBuilder>>
    {
        ["expense-reimbursement"] = Expense,
        ["procurement-contract"] = Procurement,
        ["labour-contract"] = Labour,
    };

    private static Paragraph Title(string text) => new(
        new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "160", After = "80" }),
        R(text, bold: true, halfPoints: 24));

    private static Paragraph Line(params OpenXmlElement[] content) => P(content);

    private static Paragraph Text(string text) => P(R(text));

    private static Paragraph PageBreak() => P(new Run(new Break { Type = BreakValues.Page }));

    private static Paragraph Right(params OpenXmlElement[] content) =>
        new(new[] { new ParagraphProperties(new Justification { Val = JustificationValues.Right }) }.Concat<OpenXmlElement>(content));

    private static TableRow HeaderRow(params string[] titles) =>
        Row(titles.Select(t => (OpenXmlElement)P(R(t, bold: true))).ToArray());

    private static TableRow TextRow(params string[] cells) => Row(cells.Select(c => (OpenXmlElement)Text(c)).ToArray());

    /// <summary>费用报销确认单: applicant, department, items, total in figures and uppercase, approvals.</summary>
    public static DocxBuilder Expense() => new DocxBuilder().Add(
        Heading("费用报销确认单"),
        Right(R("单据编号：{{requestNo}}")),
        Line(R("申请人："), Field("applicant.name", "【申请人】"), R("    部门："), Field("applicant.department", "【部门】"),
            R("    申请日期："), Field("submittedOn|date", "【日期】")),
        Line(R("报销事由：{{reason}}")),
        Table([700, 1500, 1400, 3600, 1900],
            HeaderRow("序号", "发生日期", "费用类别", "说明", "金额（元）"),
            RepeatRow("repeat:items", TextRow("{{@index}}", "{{date|date:yyyy-MM-dd}}", "{{category}}", "{{description}}",
                "{{amount|number:#,##0.00}}")),
            TextRow("合计", "", "", "", "{{total|number:#,##0.00}}")),
        Line(R("报销金额（大写）：人民币"), Field("total|uppercase", "【大写金额】")),
        Line(R("报销金额（小写）：{{total|currency}}")),
        Line(R("收款账户：{{payee.bank}}  {{payee.account}}")),
        Block("if:input.total > 5000.0", Text("本次报销金额超过伍仟元，已经财务负责人复核。")),
        Title("审批记录"),
        Table([1800, 1800, 3200, 2300],
            HeaderRow("审批环节", "审批人", "意见", "日期"),
            RepeatRow("repeat:approvals", TextRow("{{step}}", "{{approver}}", "{{decision}}", "{{decidedAt|date}}"))),
        Text(""),
        Line(R("申请人签字：____________        财务专用章（盖章）：")));

    /// <summary>采购合同: parties with credit codes, line items, totals in figures and uppercase, payment terms,
    /// signature and seal areas.</summary>
    public static DocxBuilder Procurement() => new DocxBuilder().Add(
        Heading("采购合同"),
        Right(R("合同编号：{{contractNo}}")),
        Line(R("甲方（采购方）："), Field("buyer.name", "【甲方名称】")),
        Line(R("统一社会信用代码：{{buyer.uscc}}    法定代表人：{{buyer.legalRepresentative}}")),
        Line(R("地址：{{buyer.address}}")),
        Line(R("乙方（供应方）："), Field("supplier.name", "【乙方名称】")),
        Line(R("统一社会信用代码：{{supplier.uscc}}    法定代表人：{{supplier.legalRepresentative}}")),
        Line(R("地址：{{supplier.address}}")),
        Text("根据《中华人民共和国民法典》及相关法律法规，甲乙双方本着平等自愿、诚实信用的原则，经友好协商，就甲方向乙方采购下列货物事宜达成如下协议："),
        Title("第一条  标的、数量及价款"),
        Table([700, 1900, 1600, 700, 900, 1500, 1800],
            HeaderRow("序号", "货物名称", "规格型号", "单位", "数量", "单价（元）", "金额（元）"),
            RepeatRow("repeat:lines", TextRow("{{@index}}", "{{name}}", "{{model}}", "{{unit}}", "{{quantity|number}}",
                "{{unitPrice|number:#,##0.00}}", "{{amount|number:#,##0.00}}")),
            TextRow("合计", "", "", "", "", "", "{{total|number:#,##0.00}}")),
        Line(R("合同总价（含税）：人民币"), Field("total|uppercase", "【大写金额】"), R("（{{total|currency}}），其中增值税税率{{taxRate}}%。")),
        Title("第二条  交货"),
        Text("交货日期：{{deliveryDate|date}}前；交货地点：{{deliveryPlace}}。乙方负责运输并承担货物交付前的毁损、灭失风险。"),
        Title("第三条  付款方式"),
        Text("{{paymentTerms}}"),
        Block("if:input.total > 1000000.0",
            Title("第四条  履约保证金"),
            Text("乙方应于本合同签订之日起七日内向甲方提交合同总价百分之十的履约保证金，货物验收合格后无息退还。")),
        Title("争议解决"),
        Text("因本合同引起的争议，双方应协商解决；协商不成的，任何一方均可向甲方所在地有管辖权的人民法院提起诉讼。"),
        Text("本合同自双方盖章之日起生效，一式两份，甲乙双方各执一份，电子签章与实物印章具有同等法律效力。"),
        Title("签署页"),
        Table([4600, 4600],
            TextRow("甲方（盖章）：{{buyer.name}}", "乙方（盖章）：{{supplier.name}}"),
            TextRow("法定代表人或授权代表（签字）：", "法定代表人或授权代表（签字）："),
            TextRow("签订日期：{{signedOn|date}}", "签订日期：{{signedOn|date}}"),
            TextRow("（甲方合同专用章）", "（乙方合同专用章）")));

    /// <summary>劳动合同书: employer, employee (ID masked), position, term, salary, signature areas.</summary>
    public static DocxBuilder Labour() => new DocxBuilder().Add(
        Heading("劳动合同书"),
        Right(R("合同编号：{{contractNo}}")),
        Line(R("甲方（用人单位）："), Field("employer.name", "【用人单位】")),
        Line(R("统一社会信用代码：{{employer.uscc}}    法定代表人：{{employer.legalRepresentative}}")),
        Line(R("住所：{{employer.address}}")),
        Line(R("乙方（劳动者）："), Field("employee.name", "【劳动者姓名】")),
        Line(R("居民身份证号码：{{employee.idNumberMasked}}    联系电话：{{employee.phoneMasked}}")),
        Text("根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》等法律法规，甲乙双方经平等自愿、协商一致，签订本合同。"),
        Title("一、合同期限"),
        Text("本合同为固定期限劳动合同，自{{term.start|date}}起至{{term.end|date}}止。"),
        Block("if:input.term.probationMonths > 0",
            Text("其中试用期{{term.probationMonths}}个月，试用期工资为{{salary.probation|currency}}（人民币{{salary.probation|uppercase}}）。")),
        Title("二、工作内容和工作地点"),
        Text("乙方同意在{{department}}担任{{position}}岗位工作，工作地点为{{workplace}}。"),
        Title("三、工作时间和休息休假"),
        Text("甲方安排乙方执行标准工时制度，每日工作不超过八小时，每周工作不超过四十小时。"),
        Title("四、劳动报酬"),
        Line(R("乙方月工资为{{salary.monthly|currency}}（人民币"), Field("salary.monthly|uppercase", "【大写金额】"),
            R("），甲方于每月{{salary.payday}}日以货币形式支付。")),
        Title("五、社会保险"),
        Text("甲乙双方依法参加社会保险，按时足额缴纳社会保险费。"),
        Title("六、其他"),
        Text("本合同一式两份，甲乙双方各执一份，自双方签字盖章之日起生效，电子签名与手写签名具有同等法律效力。"),
        PageBreak(),
        Title("签署页"),
        Table([4600, 4600],
            TextRow("甲方（盖章）：{{employer.name}}", "乙方（签字）：{{employee.name}}"),
            TextRow("法定代表人或委托代理人（签字）：", ""),
            TextRow("签订日期：{{signedOn|date}}", "签订日期：{{signedOn|date}}")));
}
