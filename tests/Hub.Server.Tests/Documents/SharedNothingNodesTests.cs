using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Archive;
using Hub.Server.Archive;
using Hub.Server.Database;
using Hub.Activities.Documents.Records;
using Hub.Server.Documents;
using Hub.Workflows.Effects;
using Hub.Server.Secrets;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Tests.Workflows;
using Hub.Server.Trust;
using Hub.Trust.Pki;
using Hub.Trust.Signing;
using Hub.Trust.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Hub.Server.Tests.Documents.DocumentDefinitions;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Documents;

/// <summary>
/// A node needs only the database and the master key (DESIGN.md §7). Two <c>hub serve</c> nodes with different data
/// directories share one PostgreSQL the test starts and one HUB_MASTER_KEY. Node A generates a contract and archives
/// it, then is stopped while the flow waits on a timer; node B, started only afterwards, fires the timer and produces
/// the evidence report: it reads the contract A stored, seals with the platform key from the database and archives
/// nothing twice. Afterwards neither data directory holds a key, a document or an archive file.
/// </summary>
[Collection(ProcessLoadCollection.Name)]
public sealed class SharedNothingNodesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly JsonElement Contract = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(SharedData.RepositoryRoot(), "workflows", "templates", "procurement-contract.sample.json"))).RootElement.Clone();

    private readonly string _root = Directory.CreateTempSubdirectory("hub-shared-nothing-").FullName;
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private EmbeddedPostgres _postgres = null!;
    private NpgsqlDataSource _dataSource = null!;

    private string NodeA => Path.Combine(_root, "node-a");

    private string NodeB => Path.Combine(_root, "node-b");

    public async Task InitializeAsync()
    {
        _postgres = new EmbeddedPostgres(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(_root, "postgres"),
            PreferredPort = LoopbackPort.AnyFree(),
        }, NullLogger.Instance);
        await _postgres.StartAsync(CancellationToken.None);
        _dataSource = NpgsqlDataSource.Create(_postgres.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _postgres.StopAsync(CancellationToken.None);
        Directory.Delete(_root, recursive: true);
    }

    // Flow "generate":  start → generate ─Done→ made; ─Failed→ failed
    // Flow "evidence":  start → archive ─Done→ wait (timer) ─Done→ report ─Done→ reported; any Failed → failed
    [Fact]
    public async Task Serve_TwoNodesDifferentDataDirsOneDatabase_ANodeStopsMidFlowTheOtherFinishesAndNoFileHoldsAnything()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        Directory.CreateDirectory(NodeA);
        Directory.CreateDirectory(NodeB);
        var environment = new Dictionary<string, string> { [MasterKey.EnvironmentVariable] = _masterKey };
        using var nodeA = ServeNode.Start(NodeA, environment, "--connection", _postgres.ConnectionString);
        await nodeA.WaitReadyAsync(TimeSpan.FromMinutes(2));
        using var adminA = await nodeA.SignInAsync("hq.admin");
        var (group, groupPath) = await RootOrganisationAsync();

        // Node A generates the contract (the only node running).
        await ImportAsync(adminA, group, Definition("shared-generate", [
            Node("generate", "GenerateDocument", new { template = L("procurement-contract"), data = E("input.contract"), fileName = L("CG-2026-HD-0093.pdf") }, "document", "doc"),
            End("made"), End("failed"),
        ], [("start", "Done", "generate"), ("generate", "Done", "made"), ("generate", "Failed", "failed")]));
        var generation = (await StartAsync(adminA, group, "shared-generate", new { contract = Contract })).GetProperty("id").GetGuid();
        var generated = (await WaitForStatusAsync(adminA, generation, "Completed", TimeSpan.FromSeconds(120))).GetProperty("variables").GetProperty("doc");
        var generatedId = generated.GetProperty("documentId").GetString()!;

        // The sealing step has no activity yet: the test seals as a third party holding the database and the master key.
        var sealedContract = await SealAsync(generatedId);
        var sealedId = Convert.ToHexStringLower(SHA256.HashData(sealedContract));

        // Node A archives it, then the flow waits on a timer; A is stopped before it fires.
        await ImportAsync(adminA, group, Definition("shared-evidence", [
            Node("archive", "ArchiveDocument", new { documentId = E("input.documentId"), ownerPath = L(groupPath), retainYears = L(10) }, "archived", "stored"),
            new { id = "wait", type = "Delay", inputs = new { duration = L("PT20S") } },
            Node("report", "ProduceEvidenceReport", new { documentId = E("input.documentId"), reportNumber = L("EV-2026-000200"), title = L("采购合同"), fileName = L("CG-2026-HD-0093.pdf") }, "report", "evidence"),
            End("reported"), End("failed"),
        ], [("start", "Done", "archive"), ("archive", "Done", "wait"), ("archive", "Failed", "failed"), ("wait", "Done", "report"),
            ("report", "Done", "reported"), ("report", "Failed", "failed")]));
        var evidence = (await StartAsync(adminA, group, "shared-evidence", new { documentId = sealedId })).GetProperty("id").GetGuid();
        await WaitForNodeAsync(evidence, "archive", TimeSpan.FromSeconds(60));
        // A stops as an operator stops it (SIGTERM): its converter pool goes with it, and nothing of A runs on.
        nodeA.Process.Signal("TERM");
        Assert.Equal(0, await nodeA.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var byNodeA = await CompletedNodesInDatabaseAsync(evidence);
        Assert.Contains("archive", byNodeA);
        Assert.DoesNotContain("report", byNodeA);

        // Node B: its own empty data directory, the same database and master key; it never saw A's disk.
        using var nodeB = ServeNode.Start(NodeB, environment, "--connection", _postgres.ConnectionString);
        await nodeB.WaitReadyAsync(TimeSpan.FromMinutes(2));
        using var adminB = await nodeB.SignInAsync("hq.admin", credentialsDirectory: NodeA);
        var done = await WaitForStatusAsync(adminB, evidence, "Completed", TimeSpan.FromSeconds(180));

        var report = done.GetProperty("variables").GetProperty("evidence");
        Assert.True(report.GetProperty("succeeded").GetBoolean(), report.ToString());
        Assert.Equal(sealedId, report.GetProperty("documentId").GetString());
        Assert.Contains("reported", await CompletedNodesInDatabaseAsync(evidence));
        var masterKey = MasterKeyOfTheNodes();
        var reportId = report.GetProperty("reportId").GetString()!;
        var reportPdf = await new HubDocumentWorkspace(new TemplateStore(_dataSource), _dataSource, new DocumentCipher(masterKey)).GetAsync(reportId, CancellationToken.None);
        var chain = (await Trust(masterKey).Authority.GetChainAsync(CancellationToken.None))!;
        var verdict = Assert.Single(new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [chain.Root] }).Verify(reportPdf));
        Assert.True(verdict.IsAcceptable, string.Join("; ", verdict.Problems));
        Assert.Equal(HubTrust.PlatformSealSubject, verdict.SignerSubject);
        var ring = new ArchiveKeyRing(DocumentServices.ArchiveKeyId,
            new Dictionary<string, byte[]> { [DocumentServices.ArchiveKeyId] = ArchiveKeyRing.Derive(Convert.FromBase64String(_masterKey), DocumentServices.ArchiveKeyId) });
        var archive = new DocumentArchive(new DatabaseArchiveStore(_dataSource), ring, new DatabaseArchiveAuditSink(_dataSource), time: TimeProvider.System);
        Assert.Equal(sealedContract, await archive.ReadAsync(sealedId, groupPath, CancellationToken.None));

        // Neither data directory holds a key, a document or an archive: by location, by name, and by content.
        var documentIds = new HashSet<string>([generatedId, sealedId, reportId], StringComparer.Ordinal);
        foreach (var data in new[] { NodeA, NodeB })
        {
            var files = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).ToList();
            output.WriteLine($"{data}: {string.Join(", ", files.Select(f => Path.GetRelativePath(data, f)))}");
            Assert.DoesNotContain(files, f => Path.GetRelativePath(data, f).Split(Path.DirectorySeparatorChar)[0] is "keys" or "documents" or "archive");
            Assert.DoesNotContain(files, f => f.EndsWith(".key", StringComparison.Ordinal) || f.EndsWith(".seg", StringComparison.Ordinal)
                                              || Path.GetFileName(f) is "archive-audit.jsonl" or "master.key");
            Assert.DoesNotContain(files, f => documentIds.Contains(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))));
        }
    }

    /// <summary>Seals the generated contract with a Hub-issued organisation certificate, through the database only.</summary>
    private async Task<byte[]> SealAsync(string documentId)
    {
        var masterKey = MasterKeyOfTheNodes();
        var workspace = new HubDocumentWorkspace(new TemplateStore(_dataSource), _dataSource, new DocumentCipher(masterKey));
        var pdf = await workspace.GetAsync(documentId, CancellationToken.None);
        var trust = Trust(masterKey);
        var chain = await trust.EnsureAuthorityAsync(CancellationToken.None);
        var seal = await trust.Authority.IssueAsync("CN=华夏控股集团有限公司合同专用章, O=华夏控股集团有限公司, C=CN", CertificateKind.Organisation,
            Hub.Trust.Keys.KeyAlgorithm.Rsa2048, TimeSpan.FromDays(30), CancellationToken.None);
        using var key = await trust.Keys.OpenSigningKeyAsync(seal.SigningKeyId, CancellationToken.None);
        using var sealedPdf = new MemoryStream();
        await new PdfSigner().SealAsync(pdf, sealedPdf, new PdfSealRequest { Certificate = seal.Certificate, PrivateKey = key, Chain = [chain.Issuing, chain.Root] });
        var content = sealedPdf.ToArray();
        // Recorded as the sealing step records it: derived from the generated document, of the same organisation.
        var records = new DocumentRecordStore(_dataSource, new DocumentCipher(masterKey));
        var generated = (await records.FindAsync(documentId, CancellationToken.None))!;
        await new DocumentRegister(records, workspace).RecordSealedAsync(new EffectOwner(generated.OrganisationId, generated.OrganisationPath), documentId,
            content, generated.InstanceId!.Value, "seal", CancellationToken.None);
        return content;
    }

    private HubTrust Trust(MasterKey masterKey) => new(DatabaseKeyRecords.KeyStore(_dataSource, masterKey),
        new DatabaseCertificateAuthorityStore(_dataSource), new TrustDesignations(_dataSource, TimeProvider.System), TimeProvider.System);

    /// <summary>The nodes' master key, loaded as a node loads it from a file (the test keeps it outside both data directories).</summary>
    private MasterKey MasterKeyOfTheNodes()
    {
        var directory = Path.Combine(_root, "test-master-key");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "master.key"), _masterKey);
        return MasterKey.Load(directory);
    }

    private async Task<(Guid Id, string Path)> RootOrganisationAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT id, path FROM hub.organisations WHERE parent_id IS NULL");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetGuid(0), reader.GetString(1));
    }

    private async Task WaitForNodeAsync(Guid instance, string nodeId, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(await CompletedNodesInDatabaseAsync(instance)).Contains(nodeId))
        {
            Assert.True(clock.Elapsed < timeout, $"node {nodeId} of instance {instance} did not complete within {timeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    private async Task<List<string>> CompletedNodesInDatabaseAsync(Guid instance)
    {
        await using var command = _dataSource.CreateCommand("SELECT node_id FROM hub.workflow_journal WHERE instance_id = $1 AND event = 'Completed' AND node_id IS NOT NULL");
        command.Parameters.AddWithValue(instance);
        await using var reader = await command.ExecuteReaderAsync();
        var nodes = new List<string>();
        while (await reader.ReadAsync())
        {
            nodes.Add(reader.GetString(0));
        }

        return nodes;
    }
}
