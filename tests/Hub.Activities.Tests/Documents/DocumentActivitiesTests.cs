using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hub.Activities.Archive;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Documents.Records;
using Hub.Activities.Documents.Templates;
using Hub.Activities.Evidence;
using Hub.Activities.Tests.Archive;
using Hub.Trust.Pki;
using Hub.Trust.Signing;
using Hub.Trust.Verification;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Effects;
using Hub.Workflows.Runtime;
using Xunit.Abstractions;

namespace Hub.Activities.Tests.Documents;

/// <summary>
/// The document activities run through <see cref="WorkflowRuntime"/>; each outbound message is handed to a real
/// <see cref="DocumentWork"/> (warm converter, file archive, Hub CA, verifier) and its payload resumes the node, as the
/// host's relay does.
/// </summary>
public sealed class DocumentActivitiesTests : IClassFixture<ConverterFixture>, IAsyncLifetime
{
    private readonly ConverterFixture converter;
    private readonly ITestOutputHelper output;

    private static readonly string Templates = Path.Combine(Root(), "workflows", "templates");
    private readonly ArchiveFixture archive = new(segmentSize: 64 * 1024);
    private readonly FolderWorkspace workspace = new();
    private readonly FolderRecords records;
    private HubCa ca = null!;

    public DocumentActivitiesTests(ConverterFixture converter, ITestOutputHelper output)
    {
        this.converter = converter;
        this.output = output;
        records = new FolderRecords(workspace);
    }
    private X509Certificate2 platform = null!;

    public async Task InitializeAsync()
    {
        ca = await HubCa.CreateAsync();
        platform = await ca.IssueAsync("CN=Hub 集团电子签章平台, O=Hub Test Group, C=CN", CertificateKind.Organisation);
    }

    public Task DisposeAsync()
    {
        platform.Dispose();
        ca.Dispose();
        archive.Dispose();
        workspace.Dispose();
        return Task.CompletedTask;
    }

    // start → generate ─Done→ archive ─Done→ stored
    //            └─Failed→ failed       └─Failed→ failed
    private static readonly string GenerateAndArchive = """
        {
          "id": "generate-and-archive", "version": 1, "name": "Generate and archive",
          "inputSchema": { "type": "object", "properties": { "contract": { "type": "object" } } },
          "variables": [ { "name": "doc", "schema": { "type": "object", "properties": { "documentId": { "type": "string" } } }, "default": {} } ],
          "flowchart": {
            "nodes": [
              { "id": "start", "type": "Start" },
              { "id": "generate", "type": "GenerateDocument", "inputs": {
                  "template": { "literal": "procurement-contract" }, "data": { "expression": "input.contract" },
                  "fileName": { "literal": "CG-2026-HD-0093.pdf" }, "category": { "literal": "contract" },
                  "counterparty": { "literal": "苏州恒远办公设备有限公司" }, "title": { "literal": "办公设备采购合同" } },
                  "outputs": { "document": "doc" } },
              { "id": "archive", "type": "ArchiveDocument", "inputs": {
                  "documentId": { "expression": "vars.doc.documentId" }, "ownerPath": { "literal": "/group/east/" }, "retainYears": { "literal": 10 } } },
              { "id": "stored", "type": "End" },
              { "id": "failed", "type": "End" }
            ],
            "connections": [
              { "source": "start", "outcome": "Done", "target": "generate" },
              { "source": "generate", "outcome": "Done", "target": "archive" },
              { "source": "generate", "outcome": "Failed", "target": "failed" },
              { "source": "archive", "outcome": "Done", "target": "stored" },
              { "source": "archive", "outcome": "Failed", "target": "failed" }
            ]
          }
        }
        """;

    // start → report ─Done→ done, ─Failed→ failed
    private static readonly string Report = """
        {
          "id": "evidence", "version": 1, "name": "Evidence report",
          "inputSchema": { "type": "object", "properties": { "documentId": { "type": "string" } } },
          "flowchart": {
            "nodes": [
              { "id": "start", "type": "Start" },
              { "id": "report", "type": "ProduceEvidenceReport", "inputs": {
                  "documentId": { "expression": "input.documentId" }, "reportNumber": { "literal": "EV-2026-000901" },
                  "title": { "literal": "采购合同" } } },
              { "id": "done", "type": "End" },
              { "id": "failed", "type": "End" }
            ],
            "connections": [
              { "source": "start", "outcome": "Done", "target": "report" },
              { "source": "report", "outcome": "Done", "target": "done" },
              { "source": "report", "outcome": "Failed", "target": "failed" }
            ]
          }
        }
        """;

    // start → archive ─Done→ stored, ─Failed→ failed
    private static readonly string ArchiveOnly = """
        {
          "id": "archive-only", "version": 1, "name": "Archive",
          "inputSchema": { "type": "object", "properties": { "documentId": { "type": "string" }, "ownerPath": { "type": "string" } } },
          "flowchart": {
            "nodes": [
              { "id": "start", "type": "Start" },
              { "id": "archive", "type": "ArchiveDocument", "inputs": {
                  "documentId": { "expression": "input.documentId" }, "ownerPath": { "expression": "input.ownerPath" } } },
              { "id": "stored", "type": "End" },
              { "id": "failed", "type": "End" }
            ],
            "connections": [
              { "source": "start", "outcome": "Done", "target": "archive" },
              { "source": "archive", "outcome": "Done", "target": "stored" },
              { "source": "archive", "outcome": "Failed", "target": "failed" }
            ]
          }
        }
        """;

    [Fact]
    public async Task Archive_DocumentOfAnotherSubsidiary_FailedOutcomeAndNothingArchived()
    {
        // 华东 (east) made the document; an instance of 华南 (south) names its id, even claiming east as the owner.
        var content = "华东的合同"u8.ToArray();
        var documentId = Convert.ToHexStringLower(SHA256.HashData(content));
        await records.KeepAsync(Record(documentId, ArchiveFixture.East, DocumentKind.Generated), content, CancellationToken.None);
        var flow = new Flow(ArchiveOnly, JsonSerializer.SerializeToElement(new { documentId, ownerPath = "/group/south/" }));

        await flow.RunToEndAsync(Work(), "/group/south/");

        Assert.Equal(["start", "archive", "failed"], flow.Completed);
        Assert.Equal($"Document {documentId} is not of organisation /group/south/ or below: a flow may only read, seal or archive documents of its own organisation's subtree.",
            flow.Resumes[0].GetProperty("error").GetString());
        await Assert.ThrowsAsync<ArchiveDocumentNotFoundException>(() => archive.Archive.ReadAsync(documentId, ArchiveFixture.East, CancellationToken.None));
        Assert.Null(Assert.Single(records.All).ArchivedAt);
    }

    [Fact]
    public async Task Archive_DocumentWithoutRecord_FailedOutcomeNamingTheMissingRecord()
    {
        var content = "kept outside any flow"u8.ToArray();
        var documentId = Convert.ToHexStringLower(SHA256.HashData(content));
        await workspace.PutAsync(documentId, content, CancellationToken.None);
        var flow = new Flow(ArchiveOnly, JsonSerializer.SerializeToElement(new { documentId, ownerPath = ArchiveFixture.East }));

        await flow.RunToEndAsync(Work(), ArchiveFixture.East);

        Assert.Equal(["start", "archive", "failed"], flow.Completed);
        Assert.Equal($"The Hub holds no record of document {documentId}: a flow may only use documents the Hub made and recorded.",
            flow.Resumes[0].GetProperty("error").GetString());
        await Assert.ThrowsAsync<ArchiveDocumentNotFoundException>(() => archive.Archive.ReadAsync(documentId, ArchiveFixture.East, CancellationToken.None));
    }

    [Fact]
    public async Task Archive_DocumentOfADepartmentBelow_ArchivedAndMarked()
    {
        var content = "部门的合同"u8.ToArray();
        var documentId = Convert.ToHexStringLower(SHA256.HashData(content));
        await records.KeepAsync(Record(documentId, ArchiveFixture.East + "finance/", DocumentKind.Sealed), content, CancellationToken.None);
        var flow = new Flow(ArchiveOnly, JsonSerializer.SerializeToElement(new { documentId, ownerPath = ArchiveFixture.East }));

        await flow.RunToEndAsync(Work(), ArchiveFixture.East);

        Assert.Equal(["start", "archive", "stored"], flow.Completed);
        Assert.Equal(content, await archive.Archive.ReadAsync(documentId, ArchiveFixture.East, CancellationToken.None));
        var record = Assert.Single(records.All);
        Assert.Equal(archive.Time.GetUtcNow(), record.ArchivedAt);
        Assert.Equal("archived", record.Status);
    }

    [Fact]
    public void Registry_DocumentActivities_DescribedForThePalette()
    {
        var registry = ActivityRegistry.CreateCore().AddDocumentActivities();

        var generate = registry.Find("GenerateDocument")!;
        Assert.Equal("Documents", generate.Category);
        Assert.Equal(["Done", "Failed"], generate.Outcomes);
        Assert.Equal(["template", "data", "fileName", "category", "counterparty", "title", "decisionsInto"], generate.Inputs.Select(i => i.Name));
        Assert.All(generate.Inputs.Where(i => i.Name is "category" or "counterparty" or "title" or "decisionsInto"), i => Assert.False(i.Required));
        Assert.NotNull(registry.Find("ArchiveDocument"));
        Assert.NotNull(registry.Find("ProduceEvidenceReport"));
    }

    [Fact]
    public async Task GenerateThenArchive_SampleContract_StoredEncryptedAndReadableByTheOwner()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        var contract = JsonDocument.Parse(File.ReadAllText(Path.Combine(Templates, "procurement-contract.sample.json"))).RootElement;
        var flow = new Flow(GenerateAndArchive, JsonSerializer.SerializeToElement(new { contract }));

        var completed = await flow.RunToEndAsync(Work(), ArchiveFixture.East);

        Assert.Equal(WorkflowStatus.Completed, completed.Status);
        Assert.Equal(["start", "generate", "archive", "stored"], flow.Completed);
        var documentId = flow.Outbound[0].Payload.GetProperty("template").GetString() == "procurement-contract"
            ? flow.Resumes[0].GetProperty("documentId").GetString()!
            : throw new InvalidOperationException("first message is not the generation");
        Assert.Equal(DocumentWorkKinds.Archive, flow.Outbound[1].Kind);
        Assert.Equal(documentId, flow.Outbound[1].Payload.GetProperty("documentId").GetString());
        var pdf = await archive.Archive.ReadAsync(documentId, ArchiveFixture.East, CancellationToken.None);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        Assert.Equal(documentId, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        Assert.Equal(new DateTimeOffset(2036, 11, 20, 8, 0, 0, TimeSpan.Zero), flow.Resumes[1].GetProperty("retainUntil").GetDateTimeOffset());
        var record = Assert.Single(records.All);
        Assert.Equal((documentId, ArchiveFixture.East, DocumentKind.Generated, "CG-2026-HD-0093.pdf"), (record.DocumentId, record.OrganisationPath, record.Kind, record.FileName));
        Assert.Equal((flow.InstanceId, "generate", "contract", "苏州恒远办公设备有限公司", "办公设备采购合同"),
            (record.InstanceId, record.NodeId, record.Category, record.Counterparty, record.Title));
        Assert.Equal("archived", record.Status);
    }

    [Fact]
    public async Task Generate_DataWithoutLineItems_FailedOutcomeNamesTheBinding()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        var flow = new Flow(GenerateAndArchive, JsonSerializer.SerializeToElement(new { contract = new { contractNo = "X" } }));

        var completed = await flow.RunToEndAsync(Work(), ArchiveFixture.East);

        Assert.Equal(WorkflowStatus.Completed, completed.Status);
        Assert.Equal(["start", "generate", "failed"], flow.Completed);
        Assert.False(flow.Resumes[0].GetProperty("succeeded").GetBoolean());
        Assert.Equal("repeat:lines: The repeat 'repeat:lines' has no data: 'lines' is missing.", flow.Resumes[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Archive_CallerOutsideOwner_FailedOutcomeWithTheRefusal()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        var contract = JsonDocument.Parse(File.ReadAllText(Path.Combine(Templates, "procurement-contract.sample.json"))).RootElement;
        var flow = new Flow(GenerateAndArchive, JsonSerializer.SerializeToElement(new { contract }));

        await flow.RunToEndAsync(Work(), ArchiveFixture.West);

        Assert.Equal(["start", "generate", "archive", "failed"], flow.Completed);
        Assert.Equal("Organisation /group/west/ may not archive a document for /group/east/: the owner is outside the caller's subtree.",
            flow.Resumes[1].GetProperty("error").GetString());
    }

    [Fact]
    public async Task ProduceEvidenceReport_SealedDocument_ReportSealedByThePlatformAndKeptInTheWorkspace()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var seal = await ca.IssueAsync("CN=华东星辰科技有限公司合同专用章, O=华东星辰科技有限公司, C=CN", CertificateKind.Organisation);
        var docx = DocumentTemplate.Load(File.ReadAllBytes(Path.Combine(Templates, "labour-contract.docx")))
            .Render(JsonDocument.Parse(File.ReadAllText(Path.Combine(Templates, "labour-contract.sample.json"))).RootElement);
        using var sealedPdf = new MemoryStream();
        await new PdfSigner().SealAsync(await converter.Pool.ConvertToPdfAsync(docx, CancellationToken.None), sealedPdf,
            new PdfSealRequest { Certificate = seal, Chain = [ca.Chain.Issuing, ca.Chain.Root] }, CancellationToken.None);
        var documentId = Convert.ToHexStringLower(SHA256.HashData(sealedPdf.ToArray()));
        await records.KeepAsync(Record(documentId, ArchiveFixture.East, DocumentKind.Sealed), sealedPdf.ToArray(), CancellationToken.None);
        var flow = new Flow(Report, JsonSerializer.SerializeToElement(new { documentId }));

        await flow.RunToEndAsync(Work(), ArchiveFixture.East);

        Assert.Equal(["start", "report", "done"], flow.Completed);
        var result = flow.Resumes[0];
        Assert.True(result.GetProperty("allSignaturesValid").GetBoolean());
        Assert.Equal(documentId, result.GetProperty("documentId").GetString());
        var report = await workspace.GetAsync(result.GetProperty("reportId").GetString()!, CancellationToken.None);
        var verdict = Assert.Single(Verifier().Verify(report));
        Assert.True(verdict.IsAcceptable, string.Join("; ", verdict.Problems));
        Assert.Equal(platform.Thumbprint, verdict.SigningCertificate!.Thumbprint);
        var reportRecord = (await records.FindAsync(result.GetProperty("reportId").GetString()!, CancellationToken.None))!;
        Assert.Equal((DocumentKind.EvidenceReport, documentId, ArchiveFixture.East, "evidence-EV-2026-000901.pdf", "report"),
            (reportRecord.Kind, reportRecord.DerivedFrom, reportRecord.OrganisationPath, reportRecord.FileName, reportRecord.NodeId));
    }

    [Fact]
    public async Task ProduceEvidenceReport_NotAPdf_FailedOutcomeWithTheReadersReason()
    {
        var documentId = Convert.ToHexStringLower(SHA256.HashData("not a pdf at all"u8));
        await records.KeepAsync(Record(documentId, ArchiveFixture.East, DocumentKind.Generated), "not a pdf at all"u8.ToArray(), CancellationToken.None);
        var flow = new Flow(Report, JsonSerializer.SerializeToElement(new { documentId }));

        await flow.RunToEndAsync(Work(), ArchiveFixture.East);

        Assert.Equal(["start", "report", "failed"], flow.Completed);
        Assert.False(flow.Resumes[0].GetProperty("succeeded").GetBoolean());
        output.WriteLine(flow.Resumes[0].GetProperty("error").GetString());
        Assert.Contains("PDF", flow.Resumes[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private PdfSignatureVerifier Verifier() => new(new PdfVerificationOptions { TrustAnchors = [ca.Chain.Root] });

    private static DocumentRecord Record(string documentId, string organisationPath, DocumentKind kind) =>
        new(documentId, Guid.NewGuid(), organisationPath, null, null, null, "document.pdf", kind, null, null, null, DateTimeOffset.UnixEpoch);

    private DocumentWork Work() => new(workspace, new DocumentRegister(records, workspace, archive.Time), converter.Pool, archive.Archive,
        new EvidenceReportBuilder(new PdfSigner()),
        Verifier(), new PdfSealRequest { Certificate = platform, Chain = [ca.Chain.Issuing, ca.Chain.Root] }, Recorded, archive.Time);

    /// <summary>What the Hub recorded for the report's instance (the host reads it from its tasks and seal ledger).</summary>
    private static readonly RecordedEvidence Recorded = new(new EvidenceRecord(
        [new EvidenceParty("用印方", "华东星辰科技有限公司", "91310115MA1K4B2X5A", "Hub CA 签发的印章证书", DateTimeOffset.Parse("2026-11-18T01:25:00Z", CultureInfo.InvariantCulture))],
        [new EvidenceApproval("法务审核", "王芳", "同意", "", DateTimeOffset.Parse("2026-11-19T05:40:00Z", CultureInfo.InvariantCulture))],
        []));

    private sealed class RecordedEvidence(EvidenceRecord record) : IEvidenceRecords
    {
        public Task<EvidenceRecord> ForAsync(Guid instanceId, string documentId, CancellationToken cancellationToken) => Task.FromResult(record);

        public Task<IReadOnlyList<EvidenceApproval>> DecisionsAsync(Guid instanceId, CancellationToken cancellationToken) => Task.FromResult(record.Approvals);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Hub.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One instance driven burst by burst; every outbound message is completed by the document work.</summary>
    private sealed class Flow
    {
        private readonly WorkflowRuntime runtime;
        private readonly DefinitionSnapshot snapshot;
        private readonly JsonElement input;
        private InstanceState state;

        public Flow(string definitionJson, JsonElement input)
        {
            var registry = ActivityRegistry.CreateCore().AddDocumentActivities();
            var definition = WorkflowDefinitions.Read(definitionJson);
            Assert.Empty(WorkflowDefinitions.Validate(definition, registry).Select(p => p.ToString()));
            snapshot = DefinitionSnapshot.Create(definition, registry);
            runtime = new WorkflowRuntime(registry, TimeProvider.System);
            state = InstanceState.Create(Guid.NewGuid().ToString("N"), snapshot);
            this.input = input;
        }

        public List<string> Completed { get; } = [];

        public List<OutboundMessage> Outbound { get; } = [];

        public List<JsonElement> Resumes { get; } = [];

        public Guid InstanceId { get; } = Guid.NewGuid();

        public async Task<BurstResult> RunToEndAsync(DocumentWork work, string callerPath) =>
            await RunToEndAsync(work, new EffectOwner(Guid.NewGuid(), callerPath));

        public async Task<BurstResult> RunToEndAsync(DocumentWork work, EffectOwner owner)
        {
            var result = await Burst(new StartStimulus(input));
            while (result.OutboundMessages.Count > 0)
            {
                var message = Assert.Single(result.OutboundMessages);
                Outbound.Add(message);
                var payload = await work.CompleteAsync(new Effect(message.Kind, message.Payload, message.IdempotencyKey, InstanceId, message.NodeId,
                    owner, 1), CancellationToken.None);
                Resumes.Add(payload);
                var bookmark = state.Bookmarks.Single(b => b.IdempotencyKey == message.IdempotencyKey);
                result = await Burst(new ResumeStimulus(bookmark.Id, payload));
            }

            return result;
        }

        private async Task<BurstResult> Burst(WorkflowStimulus stimulus)
        {
            var result = await runtime.RunBurstAsync(snapshot, state, stimulus, CancellationToken.None);
            state = result.State;
            Completed.AddRange(result.Journal.Where(j => j.Event == JournalEvent.Completed).Select(j => j.NodeId));
            return result;
        }
    }

    /// <summary>The host's records, in memory over the folder workspace: a record and its document kept together.</summary>
    private sealed class FolderRecords(IDocumentWorkspace workspace) : IDocumentRecords
    {
        private readonly Dictionary<string, DocumentRecord> kept = new(StringComparer.Ordinal);

        public IReadOnlyCollection<DocumentRecord> All => kept.Values;

        public Task<DocumentRecord?> FindAsync(string documentId, CancellationToken cancellationToken) =>
            Task.FromResult(kept.GetValueOrDefault(documentId));

        public async Task<DocumentRecord> KeepAsync(DocumentRecord record, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Assert.Equal(record.DocumentId, Convert.ToHexStringLower(SHA256.HashData(content.Span)));
            await workspace.PutAsync(record.DocumentId, content, cancellationToken);
            return kept.TryAdd(record.DocumentId, record) ? record : kept[record.DocumentId];
        }

        public Task MarkArchivedAsync(string documentId, DateTimeOffset at, CancellationToken cancellationToken)
        {
            kept[documentId] = kept[documentId] with { ArchivedAt = kept[documentId].ArchivedAt ?? at };
            return Task.CompletedTask;
        }
    }

    /// <summary>The host's workspace, in a temporary folder: templates from workflows/templates, documents by hash.</summary>
    private sealed class FolderWorkspace : IDocumentWorkspace, IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("hub-workspace-").FullName;

        public Task<DocumentTemplate> GetTemplateAsync(string name, string organisationPath, CancellationToken cancellationToken)
        {
            var path = Path.Combine(Templates, name + ".docx");
            return File.Exists(path) && !name.Contains('/', StringComparison.Ordinal)
                ? Task.FromResult(DocumentTemplate.Load(File.ReadAllBytes(path)))
                : throw new KeyNotFoundException($"No published template '{name}'.");
        }

        public Task PutAsync(string documentId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            File.WriteAllBytesAsync(Path.Combine(folder, documentId), content.ToArray(), cancellationToken);

        public async Task<byte[]> GetAsync(string documentId, CancellationToken cancellationToken) =>
            File.Exists(Path.Combine(folder, documentId))
                ? await File.ReadAllBytesAsync(Path.Combine(folder, documentId), cancellationToken)
                : throw new KeyNotFoundException($"No document {documentId} in the workspace.");

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
