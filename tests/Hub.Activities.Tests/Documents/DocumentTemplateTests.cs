using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Hub.Activities.Documents.Templates;
using static Hub.Activities.Tests.Documents.DocxBuilder;

namespace Hub.Activities.Tests.Documents;

public sealed class DocumentTemplateTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static List<string> Paragraphs(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return document.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(p => p.InnerText).ToList();
    }

    private static byte[] RenderOne(DocxBuilder builder, string data) =>
        DocumentTemplate.Load(builder.Build()).Render(Json(data));

    [Fact]
    public void Render_ContentControlField_ReplacesPromptAndUnwrapsControl()
    {
        var docx = RenderOne(new DocxBuilder().Add(P(R("申请人："), Field("applicant.name", "【姓名】"))),
            """{"applicant":{"name":"张三"}}""");

        Assert.Equal(["申请人：张三"], Paragraphs(docx));
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        Assert.Empty(document.MainDocumentPart!.Document.Descendants<SdtElement>());
    }

    [Fact]
    public void Render_MergeTextSplitAcrossRuns_Replaced()
    {
        // Word splits "{{total|currency}}" wherever editing touched it; here into five runs.
        var template = new DocxBuilder().Add(P(R("合计 {"), R("{tot"), R("al|curr", bold: true), R("ency}"), R("} 元")));

        var docx = RenderOne(template, """{"total":12345.6}""");

        Assert.Equal(["合计 ¥12,345.60 元"], Paragraphs(docx));
    }

    [Fact]
    public void Render_SeveralMergeFieldsInOneRun_AllReplaced()
    {
        var docx = RenderOne(new DocxBuilder().Add(P(R("{{a}}-{{b|number:0.0}}-{{c|uppercase}}"))),
            """{"a":"甲","b":2,"c":100000000}""");

        Assert.Equal(["甲-2.0-壹亿元整"], Paragraphs(docx));
    }

    [Fact]
    public void Render_Formats_DateNumberCurrencyUppercase()
    {
        var docx = RenderOne(new DocxBuilder().Add(
                P(R("{{d|date}}")), P(R("{{t|date:yyyy-MM-dd HH:mm}}")), P(R("{{n|number}}")), P(R("{{n|currency}}")),
                P(R("{{n|uppercase}}")), P(R("{{flag}}"))),
            """{"d":"2026-03-05","t":"2026-03-05T17:30:00Z","n":1680.32,"flag":true}""");

        // 17:30 UTC is 01:30 the next day in China Standard Time.
        Assert.Equal(["2026年3月5日", "2026-03-06 01:30", "1,680.32", "¥1,680.32", "壹仟陆佰捌拾元零叁角贰分", "true"],
            Paragraphs(docx));
    }

    [Fact]
    public void Render_RepeatingRows_OneRowPerItemWithIndexAndRootFields()
    {
        var template = new DocxBuilder().Add(Table([800, 3000, 2000],
            Row(P(R("序号")), P(R("名称")), P(R("金额"))),
            RepeatRow("repeat:items", Row(P(R("{{@index}}")), P(Field("name", "名称")), P(R("{{amount|currency}}{{currencyNote}}")))),
            Row(P(R("合计")), P(R("")), P(R("{{total|currency}}")))));

        var docx = RenderOne(template,
            """{"currencyNote":"","total":30.5,"items":[{"name":"打印纸","amount":10},{"name":"墨盒","amount":20.5}]}""");

        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var rows = document.MainDocumentPart!.Document.Descendants<TableRow>()
            .Select(r => string.Join("|", r.Elements<TableCell>().Select(c => c.InnerText))).ToList();
        Assert.Equal(["序号|名称|金额", "1|打印纸|¥10.00", "2|墨盒|¥20.50", "合计||¥30.50"], rows);
    }

    [Fact]
    public void Render_RepeatingBlockWithNestedCondition_UsesItemVariable()
    {
        var template = new DocxBuilder().Add(Block("repeat:approvals",
            P(R("{{approver}}：{{decision}}")),
            Block("if:vars.item.comment != \"\"", P(R("意见：{{comment}}")))));

        var docx = RenderOne(template,
            """{"approvals":[{"approver":"李四","decision":"同意","comment":""},{"approver":"王五","decision":"同意","comment":"按预算执行"}]}""");

        Assert.Equal(["李四：同意", "王五：同意", "意见：按预算执行"], Paragraphs(docx));
    }

    [Theory]
    [InlineData(60000, "需总部法务审批")]
    [InlineData(100, "")]
    public void Render_Condition_KeepsOrRemovesBlock(double amount, string expected)
    {
        var template = new DocxBuilder().Add(P(R("开始")), Block("if:input.amount > 50000.0", P(R("需总部法务审批"))), P(R("结束")));

        var docx = RenderOne(template, $$"""{"amount":{{amount}}}""");

        Assert.Equal(expected.Length == 0 ? ["开始", "结束"] : ["开始", expected, "结束"], Paragraphs(docx));
    }

    [Fact]
    public void Render_ImageFromData_EmbedsTheBytes()
    {
        var builder = new DocxBuilder();
        builder.Add(P(Field("name", "x")), Block("image:logo", P(builder.Picture(20, 20))));
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 };

        var docx = DocumentTemplate.Load(builder.Build()).Render(Json($$"""{"name":"n","logo":"{{Convert.ToBase64String(jpeg)}}"}"""));

        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var main = document.MainDocumentPart!;
        var embed = main.Document.Descendants<DocumentFormat.OpenXml.Drawing.Blip>().Single().Embed!.Value!;
        var part = (ImagePart)main.GetPartById(embed);
        using var stream = part.GetStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(jpeg, copy.ToArray());
        Assert.Equal("image/jpeg", part.ContentType);
    }

    [Fact]
    public void Render_RepeatOverMissingData_NamesTheField()
    {
        var template = DocumentTemplate.Load(new DocxBuilder().Add(Block("repeat:items", P(R("{{name}}")))).Build());

        var e = Assert.Throws<TemplateRenderException>(() => template.Render(Json("""{"other":[]}""")));

        Assert.Equal("repeat:items", e.Field);
        Assert.Equal("The repeat 'repeat:items' has no data: 'items' is missing.", e.Message);
    }

    [Fact]
    public void Render_RepeatOverObject_Refused()
    {
        var template = DocumentTemplate.Load(new DocxBuilder().Add(Block("repeat:items", P(R("{{name}}")))).Build());

        var e = Assert.Throws<TemplateRenderException>(() => template.Render(Json("""{"items":{"name":"x"}}""")));

        Assert.Equal("The repeat 'repeat:items' needs a list at 'items', not object.", e.Message);
    }

    [Fact]
    public void Render_UppercaseOfText_NamesTheField()
    {
        var template = DocumentTemplate.Load(new DocxBuilder().Add(P(R("{{total|uppercase}}"))).Build());

        var e = Assert.Throws<TemplateRenderException>(() => template.Render(Json("""{"total":"12.00"}""")));

        Assert.Equal("{{total|uppercase}}", e.Field);
        Assert.Equal("The binding '{{total|uppercase}}' needs a number, not the text \"12.00\".", e.Message);
    }

    [Fact]
    public void Render_NegativeUppercase_RefusedWithAmountRule()
    {
        var template = DocumentTemplate.Load(new DocxBuilder().Add(P(Field("total|uppercase", "x"))).Build());

        var e = Assert.Throws<TemplateRenderException>(() => template.Render(Json("""{"total":-5}""")));

        Assert.Equal("The binding 'total|uppercase': An uppercase amount cannot be negative: -5.", e.Message);
    }

    [Fact]
    public void Render_ConditionNotBoolean_Refused()
    {
        var template = DocumentTemplate.Load(new DocxBuilder().Add(Block("if:input.amount", P(R("x")))).Build());

        var e = Assert.Throws<TemplateRenderException>(() => template.Render(Json("""{"amount":3}""")));

        Assert.Equal("The condition 'if:input.amount' gave 3 instead of true or false.", e.Message);
    }

    [Fact]
    public void Render_RepeatCopiesBeyondLimit_Refused()
    {
        var template = DocumentTemplate.Load(new DocxBuilder()
            .Add(Block("repeat:a", Block("repeat:b", P(R("{{x}}"))))).Build());
        var data = Json($$"""{"a":[{{string.Join(',', Enumerable.Repeat("""{"b":[1,2,3,4,5,6,7,8,9,10]}""", 10))}}]}""");

        var e = Assert.Throws<TemplateRenderException>(() =>
            template.Render(data, new TemplateRenderOptions { Limits = new DocumentLimits { MaxRepeatedCopies = 50 } }));

        Assert.Equal("The render repeats content more than 50 times in all (at 'repeat:b').", e.Message);
    }

    [Fact]
    public void Render_ImageDataAboveLimit_Refused()
    {
        var builder = new DocxBuilder();
        builder.Add(Block("image:logo", P(builder.Picture(10, 10))));
        var template = DocumentTemplate.Load(builder.Build(), new DocumentLimits { MaxImageBytes = 1000 });
        var big = Convert.ToBase64String(new byte[4000]);

        var e = Assert.Throws<TemplateRenderException>(() => template.Render(Json($$"""{"logo":"{{big}}"}""")));

        Assert.Equal("The image 'image:logo' has more than 1000 bytes.", e.Message);
    }

    [Fact]
    public void Render_ImageNotPngOrJpeg_Refused()
    {
        var builder = new DocxBuilder();
        builder.Add(Block("image:logo", P(builder.Picture(10, 10))));
        var gif = Convert.ToBase64String("GIF89a......"u8.ToArray());

        var e = Assert.Throws<TemplateRenderException>(() =>
            DocumentTemplate.Load(builder.Build()).Render(Json($$"""{"logo":"{{gif}}"}""")));

        Assert.Equal("The image 'image:logo' is neither PNG nor JPEG.", e.Message);
    }

    [Fact]
    public void Render_UnknownFormatInMergeText_NamesTheField()
    {
        var template = DocumentTemplate.Load(new DocxBuilder().Add(P(R("{{total|roman}}"))).Build());

        var e = Assert.Throws<TemplateRenderException>(() => template.Render(Json("""{"total":1}""")));

        Assert.Equal("{{total|roman}}", e.Field);
        Assert.Equal("The binding '{{total|roman}}' names an unknown format 'roman' (known: text, date, number, currency, uppercase).",
            e.Message);
    }

    [Fact]
    public void Render_HeaderMergeText_Replaced()
    {
        var template = new DocxBuilder().Header(P(R("合同编号："), R("{{contr"), R("actNo}}"))).Add(P(R("正文")));

        var docx = RenderOne(template, """{"contractNo":"CG-1"}""");

        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        Assert.Equal("合同编号：CG-1", document.MainDocumentPart!.HeaderParts.Single().Header.InnerText);
    }

    [Fact]
    public void Render_TwiceFromOneTemplate_TemplateUnchanged()
    {
        var template = DocumentTemplate.Load(new DocxBuilder().Add(P(R("{{x}}"))).Build());

        var first = Paragraphs(template.Render(Json("""{"x":"一"}""")));
        var second = Paragraphs(template.Render(Json("""{"x":"二"}""")));

        Assert.Equal(["一"], first);
        Assert.Equal(["二"], second);
    }
}
