using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Activities.Archive;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Documents.Records;
using Hub.Server.Documents;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Server.Workflows;
using Hub.Trust.Pki;
using Hub.Trust.Signing;
using Hub.Trust.Verification;
using Hub.Workflows.Activities;
using Hub.Workflows.Effects;
using Microsoft.Extensions.Logging;
using static Hub.Server.Tests.Documents.DocumentDefinitions;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Documents;

/// <summary>
/// The document activities through the API of a real node: definitions publish, the relay hands each documents.*
/// message to the node's document work (warm LibreOffice, the database's encrypted workspace and archive, Hub CA and TSA), and
/// the results resume the instance like HTTP completions.
/// </summary>
public sealed class DocumentFlowTests(HubServerFixture hub, ITestOutputHelper output) : IClassFixture<HubServerFixture>
{
    private static readonly JsonElement Contract = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(SharedData.RepositoryRoot(), "workflows", "templates", "procurement-contract.sample.json"))).RootElement.Clone();

    [Fact]
    public async Task Activities_NodeRegistry_ListsTheDocumentActivities()
    {
        using var admin = await hub.SignInAsync("alpha.admin");

        var types = (await admin.GetFromJsonAsync<JsonElement>("/api/activities")).EnumerateArray()
            .Select(a => a.GetProperty("type").GetString()).ToList();

        Assert.Contains("GenerateDocument", types);
        Assert.Contains("ArchiveDocument", types);
        Assert.Contains("ProduceEvidenceReport", types);
    }

    // start → generate ─Done→ archive ─Done→ report ─Done→ reported
    //            │                 │               └─Failed→ unsealed
    //            └─Failed→ failed  └─Failed→ failed
    [Fact]
    public async Task Run_GenerateArchiveReport_ContractArchivedEncryptedAndUnsealedDocumentRefusedForTheReport()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var admin = await hub.SignInAsync("alpha.admin");
        var name = "docs-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, Definition(name, [
            Node("generate", "GenerateDocument", new
            {
                template = L("procurement-contract"), data = E("input.contract"), fileName = L("CG-2026-HD-0093.pdf"), category = L("contract"),
                counterparty = E("input.contract.supplier.name"), title = L("办公设备采购合同"),
            }, "document", "doc"),
            Node("archive", "ArchiveDocument", new { documentId = E("vars.doc.documentId"), ownerPath = L(hub.Group.Alpha.Path), retainYears = L(10) }, "archived", "stored"),
            Node("report", "ProduceEvidenceReport", new { documentId = E("vars.doc.documentId"), reportNumber = L("EV-2026-000123"), title = L("采购合同") }, "report", "evidence"),
            End("reported"), End("unsealed"), End("failed"),
        ], [("start", "Done", "generate"), ("generate", "Done", "archive"), ("generate", "Failed", "failed"), ("archive", "Done", "report"),
            ("archive", "Failed", "failed"), ("report", "Done", "reported"), ("report", "Failed", "unsealed")]));

        var id = (await StartAsync(admin, hub.Group.Alpha.Id, name, new { contract = Contract })).GetProperty("id").GetGuid();
        var done = await WaitForStatusAsync(admin, id, "Completed", TimeSpan.FromSeconds(120));

        var vars = done.GetProperty("variables");
        var documentId = vars.GetProperty("doc").GetProperty("documentId").GetString()!;
        Assert.Equal(documentId, vars.GetProperty("stored").GetProperty("documentId").GetString());
        var pdf = await hub.Service<DocumentArchive>().ReadAsync(documentId, hub.Group.Alpha.Path, CancellationToken.None);
        Assert.Equal(documentId, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        var text = await PdfTextAsync(pdf);
        Assert.Contains("华东星辰科技有限公司", text, StringComparison.Ordinal);
        Assert.Contains("苏州恒远办公设备有限公司", text, StringComparison.Ordinal);
        Assert.Equal("The document carries no signature; an evidence report needs a sealed document.",
            vars.GetProperty("evidence").GetProperty("error").GetString());
        await Assert.ThrowsAsync<ArchiveAccessDeniedException>(() => hub.Service<DocumentArchive>().ReadAsync(documentId, hub.Group.Beta.Path, CancellationToken.None));
        var record = (await hub.Service<DocumentRecordStore>().FindAsync(documentId, CancellationToken.None))!;
        Assert.Equal((hub.Group.Alpha.Id, hub.Group.Alpha.Path, "contract", "苏州恒远办公设备有限公司", "办公设备采购合同", "CG-2026-HD-0093.pdf"),
            (record.OrganisationId, record.OrganisationPath, record.Category, record.Counterparty, record.Title, record.FileName));
        Assert.Equal((DocumentKind.Generated, (Guid?)id, "generate", "archived"), (record.Kind, record.InstanceId, record.NodeId, record.Status));
    }

    // start → archive ─Done→ stored, ─Failed→ refused
    [Fact]
    public async Task Run_InstanceOfBetaNamesAnAlphaDocument_RefusedAndNothingWritten()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        // Alpha's document, recorded as GenerateDocument records it; an instance of Beta names its id (and even Alpha as owner).
        var content = Encoding.UTF8.GetBytes("Alpha 子公司的合同 " + Guid.NewGuid());
        var alphaDocument = await hub.Service<DocumentRecordStore>().KeepAsync(new DocumentRecord(Convert.ToHexStringLower(SHA256.HashData(content)),
            hub.Group.Alpha.Id, hub.Group.Alpha.Path, "contract", null, null, "alpha.pdf", DocumentKind.Generated, null, null, null,
            DateTimeOffset.UtcNow), content, CancellationToken.None);
        using var beta = await hub.SignInAsync("beta.admin");
        var name = "steal-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(beta, hub.Group.Beta.Id, Definition(name, [
            Node("archive", "ArchiveDocument", new { documentId = E("input.documentId"), ownerPath = L(hub.Group.Alpha.Path) }, "archived", "stored"),
            End("stored"), End("refused"),
        ], [("start", "Done", "archive"), ("archive", "Done", "stored"), ("archive", "Failed", "refused")]));
        await using var db = Npgsql.NpgsqlDataSource.Create(hub.ConnectionString);
        var evidenceBefore = await CountAsync(db, "SELECT count(*) FROM hub.evidence_log");
        var auditBefore = await CountAsync(db, "SELECT count(*) FROM hub.archive_audit");

        var id = (await StartAsync(beta, hub.Group.Beta.Id, name, new { documentId = alphaDocument.DocumentId })).GetProperty("id").GetGuid();
        var done = await WaitForStatusAsync(beta, id, "Completed", TimeSpan.FromSeconds(120));

        var archived = done.GetProperty("variables").GetProperty("stored");
        Assert.False(archived.GetProperty("succeeded").GetBoolean());
        Assert.Equal($"Document {alphaDocument.DocumentId} is not of organisation {hub.Group.Beta.Path} or below: a flow may only read, seal or archive documents of its own organisation's subtree.",
            archived.GetProperty("error").GetString());
        Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM hub.archive_manifests WHERE document_id = '{alphaDocument.DocumentId}'"));
        Assert.Equal(auditBefore, await CountAsync(db, "SELECT count(*) FROM hub.archive_audit"));
        Assert.Equal(evidenceBefore, await CountAsync(db, "SELECT count(*) FROM hub.evidence_log"));
        Assert.Null((await hub.Service<DocumentRecordStore>().FindAsync(alphaDocument.DocumentId, CancellationToken.None))!.ArchivedAt);
    }

    private static async Task<long> CountAsync(Npgsql.NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // start → archive ─Done→ report ─Done→ reported; any Failed → failed
    [Fact]
    public async Task Run_SealedContract_ArchivedAndEvidenceReportSealedByThePlatformWithTheNodesTimestamp()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var admin = await hub.SignInAsync("alpha.admin");
        var sealedId = await SealedContractAsync(admin);
        var name = "evidence-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, Definition(name, [
            Node("archive", "ArchiveDocument", new { documentId = E("input.documentId"), ownerPath = L(hub.Group.Alpha.Path) }, "archived", "stored"),
            Node("report", "ProduceEvidenceReport", new
            {
                documentId = E("input.documentId"), reportNumber = L("EV-2026-000124"), title = L("采购合同"), fileName = L("CG-2026-HD-0093.pdf"),
            }, "report", "evidence"),
            End("reported"), End("failed"),
        ], [("start", "Done", "archive"), ("archive", "Done", "report"), ("archive", "Failed", "failed"), ("report", "Done", "reported"), ("report", "Failed", "failed")]));

        var id = (await StartAsync(admin, hub.Group.Alpha.Id, name, new { documentId = sealedId })).GetProperty("id").GetGuid();
        var done = await WaitForStatusAsync(admin, id, "Completed", TimeSpan.FromSeconds(120));

        var evidence = done.GetProperty("variables").GetProperty("evidence");
        Assert.True(evidence.GetProperty("succeeded").GetBoolean(), evidence.ToString());
        Assert.True(evidence.GetProperty("allSignaturesValid").GetBoolean());
        Assert.Equal(sealedId, evidence.GetProperty("documentId").GetString());
        var archived = await hub.Service<DocumentArchive>().ReadAsync(sealedId, hub.Group.Alpha.Path, CancellationToken.None);
        Assert.Contains("华东星辰科技有限公司", await PdfTextAsync(archived), StringComparison.Ordinal);
        var report = await hub.Service<HubDocumentWorkspace>().GetAsync(evidence.GetProperty("reportId").GetString()!, CancellationToken.None);
        var chain = await hub.Service<HubTrust>().EnsureAuthorityAsync(CancellationToken.None);
        var verdict = Assert.Single(new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [chain.Root] }).Verify(report));
        Assert.True(verdict.IsAcceptable, string.Join("; ", verdict.Problems));
        Assert.Equal(HubTrust.PlatformSealSubject, verdict.SignerSubject);
        Assert.True(verdict.TimestampValid, "the report's signature time-stamp does not verify");
        Assert.Contains("EV-2026-000124", await PdfTextAsync(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_LibreOfficeMissing_TransientErrorNamesThePackagesAndWarnsOnce()
    {
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        await using var converter = new DocumentConverterService(new DocumentOptions { SofficePath = "/nonexistent/soffice.bin" },
            loggers.CreateLogger<DocumentConverterService>());
        await converter.StartAsync(CancellationToken.None);
        var effects = new DocumentEffects(new HubDocumentWork(converter, hub.Service<HubDocumentWorkspace>(), hub.Service<DocumentRegister>(), hub.Service<Hub.Activities.Evidence.IEvidenceRecords>(), hub.Service<DocumentArchive>(),
            hub.Service<HubTrust>(), TimeProvider.System));
        var effect = new Effect(DocumentWorkKinds.Generate,
            JsonSerializer.SerializeToElement(new { template = "procurement-contract", data = Contract, fileName = "c.pdf" }), "k/generate",
            Guid.NewGuid(), "generate", new EffectOwner(hub.Group.Alpha.Id, hub.Group.Alpha.Path), 1);

        var first = await effects.HandleAsync(effect, CancellationToken.None);
        var second = await effects.HandleAsync(effect, CancellationToken.None);

        const string expected = "LibreOffice is not installed: '/nonexistent/soffice.bin' does not exist (Debian: apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk).";
        Assert.Equal(expected, first.TransientError);
        Assert.Equal(expected, second.TransientError);
        Assert.False(first.Response.GetProperty("succeeded").GetBoolean());
        var warning = Assert.Single(logs.Lines, l => l.EventId == 6000);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("/nonexistent/soffice.bin", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspace_PutThenGet_EncryptedRowNoFileAndContentChecked()
    {
        var workspace = hub.Service<HubDocumentWorkspace>();
        var marker = "workspace " + Guid.NewGuid();
        var content = Encoding.UTF8.GetBytes(marker);
        var id = Convert.ToHexStringLower(SHA256.HashData(content));

        await workspace.PutAsync(id, content, CancellationToken.None);
        await workspace.PutAsync(id, content, CancellationToken.None);

        Assert.Equal(content, await workspace.GetAsync(id, CancellationToken.None));
        var dataDirectory = hub.Service<Hub.Server.Hosting.HubServerOptions>().DataDirectory;
        Assert.False(Directory.Exists(Path.Combine(dataDirectory, "documents")), "the workspace keeps no file");
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(hub.ConnectionString);
        await using (var read = dataSource.CreateCommand("SELECT ciphertext FROM hub.documents WHERE document_id = $1"))
        {
            read.Parameters.AddWithValue(id);
            var stored = (byte[])(await read.ExecuteScalarAsync())!;
            Assert.Equal(content.Length, stored.Length);
            Assert.DoesNotContain(marker, Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        }

        var wrong = await Assert.ThrowsAsync<ArgumentException>(() => workspace.PutAsync(new string('0', 64), content, CancellationToken.None));
        Assert.StartsWith($"The content's SHA-256 is {id}, not the document id {new string('0', 64)}.", wrong.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => workspace.GetAsync(new string('1', 64), CancellationToken.None));
        Assert.Equal($"No document {new string('1', 64)} in the workspace.", missing.Message);
        var template = await Assert.ThrowsAsync<KeyNotFoundException>(() => workspace.GetTemplateAsync("../master", hub.Group.Alpha.Path, CancellationToken.None));
        Assert.StartsWith("No published template '../master'", template.Message, StringComparison.Ordinal);

        // A flipped byte in the row fails authentication instead of passing on other bytes as the document.
        await using (var tamper = dataSource.CreateCommand("UPDATE hub.documents SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE document_id = $1"))
        {
            tamper.Parameters.AddWithValue(id);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var altered = await Assert.ThrowsAsync<InvalidDataException>(() => workspace.GetAsync(id, CancellationToken.None));
        Assert.Equal($"The stored document {id} failed authentication (AES-GCM tag mismatch): the row was altered or the master key differs.", altered.Message);
    }

    /// <summary>Generates the sample contract through the node and seals it with a Hub-issued organisation certificate,
    /// standing in for the sealing step that has no activity yet.</summary>
    private async Task<string> SealedContractAsync(HttpClient admin)
    {
        var name = "gen-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, Definition(name, [
            Node("generate", "GenerateDocument", new { template = L("procurement-contract"), data = E("input.contract") }, "document", "doc"),
            End("made"), End("failed"),
        ], [("start", "Done", "generate"), ("generate", "Done", "made"), ("generate", "Failed", "failed")]));
        var id = (await StartAsync(admin, hub.Group.Alpha.Id, name, new { contract = Contract })).GetProperty("id").GetGuid();
        var generated = (await WaitForStatusAsync(admin, id, "Completed", TimeSpan.FromSeconds(120))).GetProperty("variables").GetProperty("doc");
        var workspace = hub.Service<HubDocumentWorkspace>();
        var pdf = await workspace.GetAsync(generated.GetProperty("documentId").GetString()!, CancellationToken.None);

        var trust = hub.Service<HubTrust>();
        var chain = await trust.EnsureAuthorityAsync(CancellationToken.None);
        var seal = await trust.Authority.IssueAsync("CN=华东星辰科技有限公司合同专用章, O=华东星辰科技有限公司, C=CN", CertificateKind.Organisation,
            Hub.Trust.Keys.KeyAlgorithm.Rsa2048, TimeSpan.FromDays(30), CancellationToken.None);
        using var key = await trust.Keys.OpenSigningKeyAsync(seal.SigningKeyId, CancellationToken.None);
        using var sealedPdf = new MemoryStream();
        await new PdfSigner().SealAsync(pdf, sealedPdf, new PdfSealRequest { Certificate = seal.Certificate, PrivateKey = key, Chain = [chain.Issuing, chain.Root] });
        // As the sealing step records what it sealed: derived from the generated document, of the same organisation.
        var record = await hub.Service<DocumentRegister>().RecordSealedAsync(new EffectOwner(hub.Group.Alpha.Id, hub.Group.Alpha.Path),
            generated.GetProperty("documentId").GetString()!, sealedPdf.ToArray(), id, "seal", CancellationToken.None);
        return record.DocumentId;
    }

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            var (exitCode, text) = await ExternalTool.RunAsync("pdftotext", "-enc", "UTF-8", file, "-");
            Assert.True(exitCode == 0, "pdftotext: " + text);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
