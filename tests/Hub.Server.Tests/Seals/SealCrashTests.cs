using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hub.Server.Database;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Tests.Workflows;
using Hub.Trust.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// SIGKILL of a real <c>hub serve</c> while it seals, restarted at once each time, then a last start that lets
/// everything finish. The node is seeded as a first <c>./hub serve</c> seeds it, so the instances run the shipped
/// expense flow: approvals by east.head and east.finance, then the generated claim form, the unattended finance seal
/// (AuthoriseSealUse → ApplySeal), the archive and the evidence report. Finance approves a batch of claims in each life,
/// so every life has fresh seals besides the retries of those killed before. Each kill follows one seal under way (its
/// grant locked by the sealing transaction) and lands a seeded random time into it, or earlier at the narrowest moment
/// if it shows: the sealed PDF stored, the commit of the grant, ledger row and evidence act not yet done.
/// "Exactly one seal" then means, for every approved instance: Completed with a sealed document; one ledger row, one
/// issued and consumed single-use grant, one seal act in an evidence chain that still verifies; one sealed PDF listed by
/// the documents API, the one the instance names, carrying exactly one seal signature that verifies.
/// </summary>
[Collection(ProcessLoadCollection.Name)]
public sealed class SealCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261207;
    private const int Kills = 3;
    private const int Batch = 3;
    private const int Instances = Kills * Batch;

    // A delivery killed mid-seal is taken up again when its lease runs out; the default 30 s would make each kill cost
    // half a minute. Converting on start is on here: these nodes do convert documents.
    private static readonly Dictionary<string, string> NodeEnvironment = new(StringComparer.Ordinal)
    {
        ["Workflows__DeliveryLease"] = "00:00:10",
        ["Documents__WarmOnStart"] = "true",
    };

    private readonly string data = Directory.CreateTempSubdirectory("hub-seal-crash-").FullName;
    private NpgsqlDataSource? database;

    [Fact]
    public async Task Serve_KilledWhileSealing_EveryApprovedInstanceEndsWithExactlyOneSeal()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        Guid[] ids = [];
        var midSeal = 0;
        for (var kill = 1; kill <= Kills; kill++)
        {
            using var node = ServeNode.Start(data, NodeEnvironment);
            await node.WaitReadyAsync(TimeSpan.FromMinutes(2));
            if (kill == 1)
            {
                ids = await StartAndApproveByHeadAsync(node);
            }

            // Finance approves one batch in each life, so every life has fresh seals to be killed in, besides the retries
            // of the seals killed before.
            await ApproveByFinanceAsync(node, ids[((kill - 1) * Batch)..(kill * Batch)]);
            output.WriteLine($"life {kill}: {kill * Batch} of {ids.Length} claims fully approved by {clock.Elapsed.TotalSeconds:0.0} s");
            if (!await WaitForSealingAsync(ids, TimeSpan.FromSeconds(60)))
            {
                output.WriteLine($"kill {kill}: no seal under way; {(await ReadAsync(db => StateAsync(db, ids))).Seals} seals in the ledger");
                continue;
            }

            var aim = await AimAsync(ids, TimeSpan.FromMilliseconds(random.Next(20, 400)));
            if (aim is null)
            {
                output.WriteLine($"kill {kill}: no seal under way any more");
                continue;
            }

            var state = await ReadAsync(db => StateAsync(db, ids));
            await node.KillAsync();
            // The next start stops this node's cluster and starts it again.
            await ForgetDatabaseAsync();
            midSeal += state.Locked > 0 ? 1 : 0;
            output.WriteLine($"kill {kill} at {clock.Elapsed.TotalSeconds:0.0} s, {aim}: {state.Locked} grant(s) locked mid-seal, " +
                             $"{state.Seals} of {ids.Length} seals in the ledger, {state.StoredOutsideTheLedger} sealed PDF(s) stored outside it");
        }

        Assert.True(midSeal > 0, "no kill landed while a seal was under way; the test proved nothing");
        using var last = ServeNode.Start(data, NodeEnvironment);
        await last.WaitReadyAsync(TimeSpan.FromMinutes(2));
        using var buyer = await last.SignInAsync("east.buyer");
        var sealedDocuments = new Dictionary<Guid, string>();
        var finishing = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            var done = await WaitForStatusAsync(buyer, id, "Completed", TimeSpan.FromSeconds(120) - finishing.Elapsed);
            var variables = done.GetProperty("variables");
            Assert.True(variables.TryGetProperty("sealed", out var seal) && seal.ValueKind == JsonValueKind.Object && seal.GetProperty("succeeded").GetBoolean(),
                $"instance {id} ended without its seal: {variables}");
            sealedDocuments[id] = seal.GetProperty("documentId").GetString()!;
        }

        output.WriteLine($"every instance completed by {clock.Elapsed.TotalSeconds:0.0} s");
        await ReadAsync(async db =>
        {
            await AssertOneSealRecordedEachAsync(db, sealedDocuments);
            return true;
        });
        await AssertOneSealedPdfListedEachAsync(last, sealedDocuments);
        var (code, report, error) = await HubProcess.RunAsync("evidence", "verify", "--connection", (await ClusterAsync()).ConnectionString);
        Assert.True(code == 0, $"evidence verify exited {code}: {error}{report}");
        output.WriteLine(report.Trim());

        await AssertOneVerifiedSealEachAsync(buyer, sealedDocuments);
        output.WriteLine($"{ids.Length} instances sealed exactly once each in {clock.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>Starts the claims as east.buyer of 华东贸易's 采购部 (below 50,000, so no HQ step); east.head approves each.</summary>
    private static async Task<Guid[]> StartAndApproveByHeadAsync(ServeNode node)
    {
        using var buyer = await node.SignInAsync("east.buyer");
        using var head = await node.SignInAsync("east.head");
        var procurement = (await buyer.GetFromJsonAsync<JsonElement>("/api/organisations")).EnumerateArray().Single().GetProperty("id").GetGuid();
        var form = SealedPdfs.Sample("expense-reimbursement");
        var ids = new Guid[Instances];
        for (var i = 0; i < Instances; i++)
        {
            ids[i] = (await StartAsync(buyer, procurement, "expense-reimbursement",
                new { requestNo = $"BX-CRASH-{i:000}", applicant = "east.buyer", amount = 1000.0 + i, form }, $"seal-crash-{i}")).GetProperty("id").GetGuid();
        }

        foreach (var id in ids)
        {
            await DecideWhenAssignedAsync(head, "east.head", id, "approve", TimeSpan.FromSeconds(30));
        }

        return ids;
    }

    /// <summary>east.finance approves the claims: the last approval, after which each heads for its finance seal.</summary>
    private static async Task ApproveByFinanceAsync(ServeNode node, Guid[] ids)
    {
        using var finance = await node.SignInAsync("east.finance");
        foreach (var id in ids)
        {
            await DecideWhenAssignedAsync(finance, "east.finance", id, "approve", TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Per instance: one ledger row naming its sealed document, one single-use grant issued and consumed for
    /// that document, one grant act and one seal act in the evidence chain.</summary>
    private async Task AssertOneSealRecordedEachAsync(NpgsqlDataSource db, Dictionary<Guid, string> sealedDocuments)
    {
        var ids = sealedDocuments.Keys.ToArray();
        var uses = await PerInstanceAsync(db, "SELECT instance_id, encode(sealed_sha256, 'hex') FROM hub.seal_uses WHERE instance_id = ANY($1)", ids);
        var grants = await PerInstanceAsync(db, "SELECT instance_id, coalesce(sealed_document_sha256, 'unused') FROM hub.seal_use_grants WHERE instance_id = ANY($1)", ids);
        var sealActs = await PerInstanceAsync(db, """
            SELECT (details::jsonb ->> 'instanceId')::uuid, details::jsonb ->> 'documentAfter' FROM hub.evidence_log
            WHERE kind = 'seal' AND (details::jsonb ->> 'instanceId')::uuid = ANY($1)
            """, ids);
        var grantActs = await PerInstanceAsync(db, """
            SELECT (details::jsonb ->> 'instanceId')::uuid, details::jsonb ->> 'grantId' FROM hub.evidence_log
            WHERE kind = 'grant' AND (details::jsonb ->> 'instanceId')::uuid = ANY($1)
            """, ids);
        output.WriteLine($"ledger rows {uses.Sum(u => u.Value.Count)}, consumed grants {grants.Sum(g => g.Value.Count)}, " +
                         $"seal acts {sealActs.Sum(a => a.Value.Count)}, sealed PDFs stored outside the ledger {(await StateAsync(db, ids)).StoredOutsideTheLedger}");
        foreach (var (id, document) in sealedDocuments)
        {
            Assert.Equal([document], uses.GetValueOrDefault(id, []));
            Assert.Equal([document], grants.GetValueOrDefault(id, []));
            Assert.Equal([document], sealActs.GetValueOrDefault(id, []));
            Assert.Single(grantActs.GetValueOrDefault(id, []));
        }
    }

    /// <summary>What anyone with access sees through the documents API: one sealed PDF per instance, the one it names. A
    /// seal cut short by a kill must not leave a second, validly sealed copy the ledger does not know.</summary>
    private static async Task AssertOneSealedPdfListedEachAsync(ServeNode node, Dictionary<Guid, string> sealedDocuments)
    {
        using var admin = await node.SignInAsync("hq.admin");
        var listed = new Dictionary<Guid, List<string>>();
        for (var page = 1; ; page++)
        {
            var found = await admin.GetFromJsonAsync<JsonElement>($"/api/documents?pageSize=200&page={page}");
            foreach (var document in found.GetProperty("documents").EnumerateArray()
                         .Where(d => d.GetProperty("kind").GetString() == "sealed" && d.GetProperty("instanceId").ValueKind == JsonValueKind.String))
            {
                var id = document.GetProperty("instanceId").GetGuid();
                listed[id] = [.. listed.GetValueOrDefault(id, []), document.GetProperty("id").GetString()!];
            }

            if (page * 200 >= found.GetProperty("total").GetInt64())
            {
                break;
            }
        }

        foreach (var (id, document) in sealedDocuments)
        {
            Assert.Equal([document], listed.GetValueOrDefault(id, []));
        }
    }

    /// <summary>Each instance's sealed document, downloaded through the API: exactly one signature, the finance seal's,
    /// valid and trusted by the Hub CA, and accepted offline by verify-pdf and <c>./hub pdf verify</c>.</summary>
    private async Task AssertOneVerifiedSealEachAsync(HttpClient buyer, Dictionary<Guid, string> sealedDocuments)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await buyer.GetStringAsync("/ca/chain.pem"));
        var verifier = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [.. chain] });
        // Two at a time: the checks are external processes, and this machine has two cores.
        await Parallel.ForEachAsync(sealedDocuments, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (sealedDocument, _) =>
        {
            var (id, document) = sealedDocument;
            var file = await SealedPdfs.DownloadToAnotherDirectoryAsync(buyer, document);
            var verdict = Assert.Single(await verifier.VerifyFileAsync(file));
            Assert.True(verdict.IsAcceptable, $"the seal on {id}'s document: {string.Join("; ", verdict.Problems)}");
            Assert.Contains("财务专用章", await SealedPdfs.VerifyOfflineAsync(buyer, file, output), StringComparison.Ordinal);
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        });
    }

    private static async Task<Dictionary<Guid, List<string>>> PerInstanceAsync(NpgsqlDataSource db, string sql, Guid[] ids)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue(ids);
        await using var reader = await command.ExecuteReaderAsync();
        var found = new Dictionary<Guid, List<string>>();
        while (await reader.ReadAsync())
        {
            var id = reader.GetGuid(0);
            found[id] = [.. found.GetValueOrDefault(id, []), reader.GetString(1).Trim()];
        }

        return found;
    }

    /// <summary>
    /// Follows one seal under way and returns, for the kill, where it lands: when the narrowest moment shows (a sealed
    /// PDF stored while its grant is still locked: the seal made, its ledger row not yet committed; a seal that stores
    /// its PDF in the commit of its ledger row never shows it), or at <paramref name="deadline"/> into the seal while it
    /// still runs. A seal that ends first is let be, and the next one is followed with half the deadline. Null when no
    /// seal comes any more.
    /// </summary>
    private async Task<string?> AimAsync(Guid[] ids, TimeSpan deadline)
    {
        for (var attempt = 1; attempt <= 4; attempt++, deadline /= 2)
        {
            var before = (await ReadAsync(db => StateAsync(db, ids))).StoredOutsideTheLedger;
            var transaction = await ReadAsync(SealingTransactionAsync);
            var clock = Stopwatch.StartNew();
            while (transaction is not null)
            {
                var state = await ReadAsync(db => StateAsync(db, ids, transaction));
                if (state.Locked > 0 && state.StoredOutsideTheLedger > before)
                {
                    return $"{clock.Elapsed.TotalMilliseconds:0} ms into a seal, when a sealed PDF was seen stored before its commit";
                }

                if (!state.Tracked)
                {
                    break;
                }

                if (clock.Elapsed >= deadline)
                {
                    return $"{deadline.TotalMilliseconds:0} ms into a seal";
                }
            }

            if (!await WaitForSealingAsync(ids, TimeSpan.FromSeconds(30)))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>A sealing transaction under way, by its virtual transaction id (pg_locks shows it to any role); null when none.</summary>
    private static async Task<string?> SealingTransactionAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand($"SELECT l.virtualtransaction FROM {SealingLocks} LIMIT 1");
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Polls until a seal is under way (a seal-use grant locked by its sealing transaction).</summary>
    private async Task<bool> WaitForSealingAsync(Guid[] ids, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if ((await ReadAsync(db => StateAsync(db, ids))).Locked > 0)
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    // SELECT … FOR UPDATE holds RowShareLock on the table to its commit, and nothing else on seal_use_grants takes that mode.
    private const string SealingLocks = """
        pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = 'seal_use_grants' AND l.mode = 'RowShareLock' AND l.granted AND l.pid <> pg_backend_pid()
        """;

    private sealed record SealingState(long Locked, long Seals, long StoredOutsideTheLedger, bool Tracked);

    /// <summary>
    /// How far sealing got: grants locked by a sealing transaction, ledger rows of the instances, and sealed PDFs of the
    /// instances the Hub holds that no ledger row names; and whether the sealing transaction <paramref name="tracked"/> still runs.
    /// </summary>
    private static async Task<SealingState> StateAsync(NpgsqlDataSource db, Guid[] ids, string? tracked = null)
    {
        await using var command = db.CreateCommand($"""
            SELECT (SELECT count(*) FROM {SealingLocks}),
                   (SELECT count(*) FROM hub.seal_uses WHERE instance_id = ANY($1)),
                   (SELECT count(*) FROM hub.document_records r
                    WHERE r.kind = 'sealed' AND r.instance_id = ANY($1)
                      AND NOT EXISTS (SELECT 1 FROM hub.seal_uses u WHERE encode(u.sealed_sha256, 'hex') = r.document_id)),
                   EXISTS (SELECT 1 FROM {SealingLocks} AND l.virtualtransaction = $2)
            """);
        command.Parameters.AddWithValue(ids);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)tracked ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new SealingState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3));
    }

    /// <summary>
    /// Runs <paramref name="read"/> on the live cluster of the running node (EmbeddedPostgres.Attached, owner access).
    /// A restart stops the dead node's cluster and starts it again, so a read that meets a stopping or restarted server
    /// attaches afresh and tries again, for at most 30 s.
    /// </summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlDataSource, Task<T>> read)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                database ??= NpgsqlDataSource.Create((await ClusterAsync()).ConnectionString);
                return await read(database);
            }
            catch (NpgsqlException e) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                output.WriteLine($"(database read retried: {e.Message})");
                await ForgetDatabaseAsync();
                await Task.Delay(250);
            }
        }
    }

    private async Task ForgetDatabaseAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
            database = null;
            NpgsqlConnection.ClearAllPools();
        }
    }

    private async Task<EmbeddedPostgres> ClusterAsync()
    {
        var cluster = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(data, "pg") }, NullLogger.Instance);
        await cluster.StartAsync(CancellationToken.None);
        Assert.True(cluster.Attached, "the node's cluster was not running");
        return cluster;
    }

    public void Dispose()
    {
        database?.Dispose();
        NpgsqlConnection.ClearAllPools();
        foreach (var pid in ServerProcesses.PostgresFor(data))
        {
            Process.GetProcessById(pid).Kill();
        }

        Directory.Delete(data, recursive: true);
    }
}
