using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Server.Evidence;
using Hub.Server.Secrets;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Evidence;

/// <summary>
/// A chain of its own in a fresh database: appended and anchored on the runtime role, as a node does, with the Hub's CA
/// and TSA in the same database; tampered with and inspected as the cluster's superuser.
/// </summary>
internal sealed class EvidenceChain : IAsyncDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("hub-evidence-test-").FullName;

    private EvidenceChain(string superuser)
    {
        Superuser = superuser;
        Runtime = NpgsqlDataSource.Create(TestPostgres.AsRuntimeRole(superuser));
        var trust = new HubTrust(DatabaseKeyRecords.KeyStore(Runtime, MasterKey.Load(_keys)), new DatabaseCertificateAuthorityStore(Runtime),
            new TrustDesignations(Runtime, TimeProvider.System), TimeProvider.System);
        Anchoring = new EvidenceAnchoring(Runtime, trust, NullLogger<EvidenceAnchoring>.Instance);
        Log = new DatabaseEvidenceLog(Runtime, TimeProvider.System);
    }

    /// <summary>The database as the cluster's superuser, who can do what the runtime role cannot.</summary>
    public string Superuser { get; }

    public NpgsqlDataSource Runtime { get; }

    public EvidenceAnchoring Anchoring { get; }

    public DatabaseEvidenceLog Log { get; }

    public static async Task<EvidenceChain> CreateAsync() => new(await TestPostgres.CreateDatabaseAsync());

    /// <summary>Appends <paramref name="count"/> decision acts, each with its number in the details.</summary>
    public async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Log.AppendAsync(Act(i), CancellationToken.None);
        }
    }

    public static EvidenceAct Act(int number) => new(EvidenceKinds.Decision, "0123456789abcdef0123456789abcdef/", Guid.NewGuid(),
        "instance:" + Guid.NewGuid(), JsonSerializer.SerializeToElement(new { number, decision = "approve" }));

    public async Task<EvidenceChainReport> VerifyAsync()
    {
        await using var db = NpgsqlDataSource.Create(Superuser);
        return await new EvidenceVerification(db).VerifyAsync(CancellationToken.None);
    }

    /// <summary>Runs statements as the superuser, in one transaction.</summary>
    public async Task TamperAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Superuser);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Recomputes every hash from <paramref name="fromSeq"/> on, as someone who knows the scheme would after an edit.</summary>
    public async Task RehashFromAsync(long fromSeq)
    {
        await using var db = NpgsqlDataSource.Create(Superuser);
        var entries = new List<EvidenceEntry>();
        await using (var snapshot = await EvidenceChainSnapshot.OpenAsync(db, CancellationToken.None))
        {
            await foreach (var entry in snapshot.EntriesAsync(CancellationToken.None))
            {
                entries.Add(entry);
            }
        }

        var previous = entries.Single(e => e.Seq == fromSeq - 1).EntryHash;
        foreach (var entry in entries.Where(e => e.Seq >= fromSeq))
        {
            var hash = entry.HashAt(entry.Seq, previous);
            await using var update = db.CreateCommand("UPDATE hub.evidence_log SET previous_hash = $1, entry_hash = $2 WHERE seq = $3");
            update.Parameters.AddWithValue(previous);
            update.Parameters.AddWithValue(hash);
            update.Parameters.AddWithValue(entry.Seq);
            await update.ExecuteNonQueryAsync();
            previous = hash;
        }
    }

    /// <summary>Replaces the token of the anchor of <paramref name="headSeq"/> with what <paramref name="change"/> makes of it.</summary>
    public async Task ChangeTokenAsync(long headSeq, Func<byte[], byte[]> change)
    {
        await using var db = NpgsqlDataSource.Create(Superuser);
        await using var read = db.CreateCommand("SELECT token FROM hub.evidence_anchors WHERE head_seq = $1");
        read.Parameters.AddWithValue(headSeq);
        var token = (byte[])(await read.ExecuteScalarAsync())!;
        await using var write = db.CreateCommand("UPDATE hub.evidence_anchors SET token = $1 WHERE head_seq = $2");
        write.Parameters.AddWithValue(change(token));
        write.Parameters.AddWithValue(headSeq);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }
}
