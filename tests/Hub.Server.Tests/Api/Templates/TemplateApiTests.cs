using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hub.Activities.Documents.Templates;
using Hub.Server.Documents;
using Hub.Server.Tests.Infrastructure;
using static Hub.Server.Tests.Documents.TemplateTargets;

namespace Hub.Server.Tests.Api.Templates;

/// <summary>
/// Managed templates through the API of a real node: uploads checked as <c>./hub doc check</c> checks them (every
/// problem listed, hostile packages refused), versions, who may upload, previews, how GenerateDocument resolves a name,
/// and seeding of the shipped templates.
/// </summary>
public sealed class TemplateApiTests(HubServerFixture hub, ITestOutputHelper output) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Upload_SameNameTwice_TwoVersionsListedAndEachDownloadable()
    {
        var name = "expense-" + Guid.NewGuid().ToString("N")[..8];
        using var alpha = await hub.SignInAsync("alpha.admin");

        var first = await alpha.PostAsync("/api/templates", ShippedForm(name, hub.Group.Alpha.Id));
        var second = await alpha.PostAsync("/api/templates", ShippedForm(name, hub.Group.Alpha.Id, "procurement-contract"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var created = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, hub.Group.Alpha.Id, "user " + hub.Group["alpha.admin"].Id),
            (created.GetProperty("version").GetInt32(), created.GetProperty("ownerOrganisationId").GetGuid(), created.GetProperty("uploadedBy").GetString()));
        var versions = await alpha.GetFromJsonAsync<JsonElement>($"/api/templates/{name}");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(await File.ReadAllBytesAsync(Shipped("expense-reimbursement.docx")), await alpha.GetByteArrayAsync($"/api/templates/{name}/content?version=1"));
        Assert.Equal(await File.ReadAllBytesAsync(Shipped("procurement-contract.docx")), await alpha.GetByteArrayAsync($"/api/templates/{name}/content"));
        var listed = await alpha.GetFromJsonAsync<JsonElement>("/api/templates");
        Assert.Equal(2, listed.EnumerateArray().Single(t => t.GetProperty("name").GetString() == name).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Upload_TemplateNotFittingItsSchema_422ListingEveryProblemAndNothingStored()
    {
        var name = "misfit-" + Guid.NewGuid().ToString("N")[..8];
        var docx = await File.ReadAllBytesAsync(Shipped("procurement-contract.docx"));
        var schema = await File.ReadAllTextAsync(Shipped("expense-reimbursement.schema.json"));
        using var alpha = await hub.SignInAsync("alpha.admin");

        var response = await alpha.PostAsync("/api/templates", Form(name, hub.Group.Alpha.Id, docx, schema, "{ not json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        // The same problems `./hub doc check` lists for this template and schema, plus the unreadable sample.
        var expected = DocumentTemplate.Load(docx).Validate(JsonDocument.Parse(schema).RootElement).Problems.Select(p => p.ToString()).ToList();
        Assert.True(expected.Count >= 2, string.Join("; ", expected));
        Assert.Equal(expected, problems.Where(p => !p.StartsWith("sample: ", StringComparison.Ordinal)));
        Assert.StartsWith("sample: not valid JSON: ", Assert.Single(problems, p => p.StartsWith("sample: ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await alpha.GetAsync($"/api/templates/{name}")).StatusCode);
    }

    [Fact]
    public async Task Upload_HostilePackages_RefusedWithTheValidatorsReasonAndNothingStored()
    {
        var shipped = await File.ReadAllBytesAsync(Shipped("expense-reimbursement.docx"));
        var schema = await File.ReadAllTextAsync(Shipped("expense-reimbursement.schema.json"));
        var sample = await File.ReadAllTextAsync(Shipped("expense-reimbursement.sample.json"));
        var hostile = new Dictionary<string, byte[]>
        {
            ["not a zip"] = Encoding.UTF8.GetBytes("<html>not a Word document</html>"),
            ["XXE"] = Rewrite(shipped, "word/document.xml",
                xml => xml.Replace("<w:document", "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><w:document", StringComparison.Ordinal)),
            ["zip bomb"] = Bomb(),
        };
        using var hq = await hub.SignInAsync("hq.admin");

        foreach (var (defect, docx) in hostile)
        {
            var name = "hostile-" + Guid.NewGuid().ToString("N")[..8];
            var response = await hq.PostAsync("/api/templates", Form(name, null, docx, schema, sample));

            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{defect}: {(int)response.StatusCode}");
            var problem = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()).GetString();
            var reason = Assert.Throws<DocumentRejectedException>(() => DocumentTemplate.Load(docx)).Message;
            Assert.Equal("template: " + reason, problem);
            output.WriteLine($"{defect}: {problem}");
            Assert.Equal(HttpStatusCode.NotFound, (await hq.GetAsync($"/api/templates/{name}")).StatusCode);
        }
    }

    [Fact]
    public async Task Upload_WhoMayUpload_HqAdminOrTheOwnersOrgAdminOnly()
    {
        var platform = "platform-" + Guid.NewGuid().ToString("N")[..8];
        var alphaName = "alpha-" + Guid.NewGuid().ToString("N")[..8];
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        using var alphaMember = await hub.SignInAsync("alpha.member");
        using var betaAdmin = await hub.SignInAsync("beta.admin");
        using var hq = await hub.SignInAsync("hq.admin");
        Assert.Equal(HttpStatusCode.Created, (await alphaAdmin.PostAsync("/api/templates", ShippedForm(alphaName, hub.Group.Alpha.Id))).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await alphaAdmin.PostAsync("/api/templates", ShippedForm(platform, null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alphaMember.PostAsync("/api/templates", ShippedForm(alphaName, hub.Group.AlphaDepartment.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await betaAdmin.PostAsync("/api/templates", ShippedForm(alphaName, hub.Group.Beta.Id))).StatusCode);
        var moved = await hq.PostAsync("/api/templates", ShippedForm(alphaName, hub.Group.Beta.Id));
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Equal($"Template '{alphaName}' is owned by organisation {hub.Group.Alpha.Id}; a new version keeps the owner of the first.",
            (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Created, (await hq.PostAsync("/api/templates", ShippedForm(platform, null))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await hq.PostAsync("/api/templates", ShippedForm(alphaName, hub.Group.Alpha.Id))).StatusCode);
        Assert.Equal(2, (await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/templates/{alphaName}")).GetArrayLength());
        // Beta sees the platform's template but not Alpha's.
        Assert.Equal(HttpStatusCode.OK, (await betaAdmin.GetAsync($"/api/templates/{platform}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await betaAdmin.GetAsync($"/api/templates/{alphaName}")).StatusCode);
    }

    [Fact]
    public async Task Preview_SampleOrGivenData_FilledDocxAndPdfThroughTheConverter()
    {
        using var alpha = await hub.SignInAsync("alpha.admin");

        var docx = await alpha.PostAsync("/api/templates/expense-reimbursement/preview?format=docx", null);
        var given = await alpha.PostAsync("/api/templates/expense-reimbursement/preview?format=docx",
            new StringContent((await File.ReadAllTextAsync(Shipped("expense-reimbursement.sample.json"))).Replace("BX-2026-000417", "BX-2026-999999", StringComparison.Ordinal),
                Encoding.UTF8, "application/json"));
        var misfit = await alpha.PostAsync("/api/templates/expense-reimbursement/preview?format=docx", JsonContent.Create(new { requestNo = "X" }));

        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("expense-reimbursement-v1-preview.docx", docx.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Contains("BX-2026-000417", DocumentText(await docx.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Contains("BX-2026-999999", DocumentText(await given.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, misfit.StatusCode);
        if (!LibreOffice.Available(output))
        {
            return;
        }

        var pdf = await alpha.PostAsync("/api/templates/expense-reimbursement/preview", null);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..5]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTemplate_NameOrNameAtVersion_LatestUsableByTheOwnerAndDescendantsOnly()
    {
        var name = "resolve-" + Guid.NewGuid().ToString("N")[..8];
        var store = hub.Service<TemplateStore>();
        await store.AddVersionAsync(Upload(name, hub.Group.Alpha.Id, hub.Group.Alpha.Path), DateTimeOffset.UtcNow, CancellationToken.None);
        await store.AddVersionAsync(Upload(name, hub.Group.Alpha.Id, hub.Group.Alpha.Path, "procurement-contract"), DateTimeOffset.UtcNow, CancellationToken.None);
        var workspace = hub.Service<HubDocumentWorkspace>();
        var expense = JsonDocument.Parse(await File.ReadAllTextAsync(Shipped("expense-reimbursement.schema.json"))).RootElement;
        var procurement = JsonDocument.Parse(await File.ReadAllTextAsync(Shipped("procurement-contract.schema.json"))).RootElement;

        var latest = await workspace.GetTemplateAsync(name, hub.Group.AlphaDepartment.Path, CancellationToken.None);
        var first = await workspace.GetTemplateAsync(name + "@1", hub.Group.Alpha.Path, CancellationToken.None);

        Assert.True(latest.Validate(procurement).IsValid);
        Assert.False(latest.Validate(expense).IsValid);
        Assert.True(first.Validate(expense).IsValid);
        var outside = await Assert.ThrowsAsync<KeyNotFoundException>(() => workspace.GetTemplateAsync(name, hub.Group.Beta.Path, CancellationToken.None));
        Assert.Equal($"No published template '{name}' that organisation {hub.Group.Beta.Path} may use.", outside.Message);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => workspace.GetTemplateAsync(name + "@3", hub.Group.Alpha.Path, CancellationToken.None));
        Assert.True((await workspace.GetTemplateAsync("expense-reimbursement", hub.Group.Beta.Path, CancellationToken.None)).Validate(expense).IsValid);
    }

    [Fact]
    public async Task Seed_ShippedTemplates_OnceAndAChangedFileBecomesTheNextVersion()
    {
        var store = hub.Service<TemplateStore>();
        foreach (var shipped in new[] { "expense-reimbursement", "labour-contract", "procurement-contract" })
        {
            var version = Assert.Single(await store.VersionsAsync(shipped, CancellationToken.None));
            Assert.Equal(("shipped", (Guid?)null), (version.UploadedBy, version.OwnerOrganisationId));
        }

        Assert.Empty(await hub.Service<TemplateSeeder>().SeedAsync(CancellationToken.None));
        var folder = Directory.CreateTempSubdirectory("hub-seed-").FullName;
        try
        {
            var name = "seeded-" + Guid.NewGuid().ToString("N")[..8];
            foreach (var suffix in new[] { ".docx", ".schema.json", ".sample.json" })
            {
                File.Copy(Shipped("expense-reimbursement" + suffix), Path.Combine(folder, name + suffix));
            }

            var seeder = new TemplateSeeder(new DocumentOptions { TemplateDirectory = folder }, store, TimeProvider.System);
            Assert.Equal(1, Assert.Single(await seeder.SeedAsync(CancellationToken.None)).Version);
            Assert.Empty(await seeder.SeedAsync(CancellationToken.None));
            await File.AppendAllTextAsync(Path.Combine(folder, name + ".sample.json"), "\n");
            Assert.Equal(2, Assert.Single(await seeder.SeedAsync(CancellationToken.None)).Version);
            Assert.Equal([2, 1], (await store.VersionsAsync(name, CancellationToken.None)).Select(v => v.Version));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string DocumentText(byte[] docx)
    {
        using var zip = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        return reader.ReadToEnd();
    }

    private static byte[] Rewrite(byte[] docx, string part, Func<string, string> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var read = new StreamReader(entry.Open());
                var text = read.ReadToEnd();
                using var write = new StreamWriter(target.CreateEntry(entry.FullName).Open());
                write.Write(entry.FullName == part ? change(text) : text);
            }
        }

        return output.ToArray();
    }

    /// <summary>A package whose one entry inflates 200 MB of zeros from a few hundred kilobytes.</summary>
    private static byte[] Bomb()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 200; i++)
            {
                entry.Write(zeros);
            }
        }

        return output.ToArray();
    }
}
