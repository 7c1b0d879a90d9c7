using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hub.Activities.Documents.Conversion;
using Hub.Activities.Documents.Templates;
using Xunit.Abstractions;

namespace Hub.Activities.Tests.Documents;

/// <summary>Shared by the golden tests: one warm converter for the class.</summary>
public sealed class ConverterFixture : IAsyncLifetime
{
    public DocumentConverterPool Pool { get; } = new(new DocumentConverterOptions { Workers = 1 });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Pool.DisposeAsync();
}

/// <summary>
/// The templates in workflows/templates: each is exactly what <see cref="ShippedTemplates"/> generates, validates
/// against its schema, and renders its sample data to a PDF whose text, fonts and page count are checked with
/// poppler's pdftotext, pdffonts and pdfinfo. Set HUB_WRITE_TEMPLATES=1 to rewrite the .docx files after changing
/// the generator.
/// </summary>
public sealed partial class ShippedTemplatesTests(ConverterFixture converter, ITestOutputHelper output) : IClassFixture<ConverterFixture>
{
    private static readonly string Folder = Path.Combine(SharedData.RepositoryRoot(), "workflows", "templates");

    public static TheoryData<string> Names => new(ShippedTemplates.All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void ShippedDocx_MatchesGenerator(string name)
    {
        var path = Path.Combine(Folder, name + ".docx");
        var generated = ShippedTemplates.All[name]().Build();
        if (Environment.GetEnvironmentVariable("HUB_WRITE_TEMPLATES") == "1"
            && (!File.Exists(path) || !SameParts(File.ReadAllBytes(path), generated)))
        {
            File.WriteAllBytes(path, generated);
            output.WriteLine("wrote " + path);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests once with HUB_WRITE_TEMPLATES=1");
        Assert.True(SameParts(File.ReadAllBytes(path), generated),
            $"{path} differs from ShippedTemplates.{name}; run the tests with HUB_WRITE_TEMPLATES=1 and commit the file");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ShippedDocx_ValidAgainstItsSchema(string name)
    {
        var template = DocumentTemplate.Load(File.ReadAllBytes(Path.Combine(Folder, name + ".docx")));

        var result = template.Validate(Json(name + ".schema.json"));

        Assert.Empty(result.Problems.Select(p => p.ToString()));
    }

    public static TheoryData<string, int, string[]> Golden => new()
    {
        {
            "expense-reimbursement", 1,
            [
                "费用报销确认单", "单据编号：BX-2026-000417", "申请人：张晓明", "部门：华东子公司市场部", "申请日期：2026年11月18日",
                "上海—杭州高铁往返", "1,480.50", "3,600.00", "1,265.10", "6,345.60",
                "报销金额（大写）：人民币陆仟叁佰肆拾伍元陆角整", "报销金额（小写）：¥6,345.60",
                "本次报销金额超过伍仟元，已经财务负责人复核。", "李建国", "2026年11月19日", "财务专用章（盖章）",
            ]
        },
        {
            "procurement-contract", 2,
            [
                "采购合同", "合同编号：CG-2026-HD-0093", "甲方（采购方）：华东星辰科技有限公司", "91310115MA1K4B2X5A",
                "乙方（供应方）：苏州恒远办公设备有限公司", "91320505MA1W7C3L2C", "笔记本电脑", "980,000.00", "100,605.00",
                "1,290,605.00", "人民币壹佰贰拾玖万零陆佰零伍元整（¥1,290,605.00）", "第四条 履约保证金",
                "交货日期：2026年12月20日前", "甲方（盖章）：华东星辰科技有限公司", "乙方（盖章）：苏州恒远办公设备有限公司",
                "签订日期：2026年11月20日",
            ]
        },
        {
            "labour-contract", 2,
            [
                "劳动合同书", "甲方（用人单位）：华东星辰科技有限公司", "乙方（劳动者）：刘思远", "**************1234",
                "自2026年12月1日起至2029年11月30日止", "试用期3个月", "¥25,650.00（人民币贰万伍仟陆佰伍拾元整）",
                "在研发中心担任高级软件工程师岗位", "¥28,500.00（人民币贰万捌仟伍佰元整）", "每月10日",
                "乙方（签字）：刘思远", "签订日期：2026年11月25日",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public async Task RenderAndConvert_SampleData_PdfHasTextEmbeddedFontsAndPages(string name, int pages, string[] expected)
    {
        if (!LibreOffice.Available(output, "/usr/bin/pdftotext",
                "/usr/bin/pdffonts", "/usr/bin/pdfinfo"))
        {
            return;
        }

        var template = DocumentTemplate.Load(File.ReadAllBytes(Path.Combine(Folder, name + ".docx")));
        var docx = template.Render(Json(name + ".sample.json"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var pdf = await converter.Pool.ConvertToPdfAsync(docx, CancellationToken.None);
        output.WriteLine($"{name}: conversion {watch.ElapsedMilliseconds} ms (the first in a class includes the process start)");
        var path = Path.Combine(Path.GetTempPath(), $"hub-golden-{name}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            // pdftotext puts table cells on separate lines and may space runs; compare without whitespace.
            var text = Whitespace().Replace(await ExternalTool.RunCheckedAsync("pdftotext", "-enc", "UTF-8", path, "-"), "");
            foreach (var phrase in expected)
            {
                Assert.Contains(Whitespace().Replace(phrase, ""), text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            Assert.DoesNotContain("【", text, StringComparison.Ordinal);

            var fonts = (await ExternalTool.RunCheckedAsync("pdffonts", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
            output.WriteLine(string.Join('\n', fonts));
            Assert.NotEmpty(fonts);
            // Columns end with: emb sub uni object-id generation; emb must be yes for every font.
            Assert.All(fonts, line => Assert.Matches(@"\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line));

            var info = await ExternalTool.RunCheckedAsync("pdfinfo", path);
            output.WriteLine(info);
            Assert.Matches(new Regex($@"^Pages:\s+{pages}$", RegexOptions.Multiline), info);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file))).RootElement;

    /// <summary>Equal when every part has the same bytes: zip timestamps and entry order do not count.</summary>
    private static bool SameParts(byte[] a, byte[] b)
    {
        static Dictionary<string, byte[]> Parts(byte[] docx)
        {
            using var zip = new ZipArchive(new MemoryStream(docx));
            return zip.Entries.ToDictionary(e => e.FullName, e =>
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                return m.ToArray();
            });
        }

        var left = Parts(a);
        var right = Parts(b);
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var other) && p.Value.SequenceEqual(other));
    }
}
