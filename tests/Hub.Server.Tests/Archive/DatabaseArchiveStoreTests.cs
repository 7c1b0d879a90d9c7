using System.Security.Cryptography;
using System.Text;
using Hub.Activities.Archive;
using Hub.Server.Archive;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Archive;

/// <summary>
/// The archive in PostgreSQL, as the Hub runs it: the store keeps what DocumentArchive writes, the audit trail takes
/// every act and refuses any change afterwards, and bytes altered in a row are caught by the archive's authentication.
/// </summary>
public sealed class DatabaseArchiveStoreTests : IAsyncLifetime
{
    private const string East = "/group/east/";
    private NpgsqlDataSource dataSource = null!;
    private DocumentArchive archive = null!;

    public async Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var keys = new ArchiveKeyRing("archive-1", new Dictionary<string, byte[]> { ["archive-1"] = RandomNumberGenerator.GetBytes(32) });
        archive = new DocumentArchive(new DatabaseArchiveStore(dataSource), keys, new DatabaseArchiveAuditSink(dataSource),
            new ArchiveOptions { SegmentSize = 4096 }, TimeProvider.System);
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task StoreThenRead_ThreeSegments_RowsHoldNoPlaintextAndContentComesBack()
    {
        var content = Content(2 * 4096 + 1000, "CONTRACT-PLAINTEXT");

        var stored = await archive.StoreAsync(content, new ArchiveStoreRequest { OwnerPath = East, CallerPath = East }, CancellationToken.None);

        Assert.Equal(content, await archive.ReadAsync(stored.DocumentId, East, CancellationToken.None));
        Assert.Equal([0, 1, 2], await new DatabaseArchiveStore(dataSource).ListSegmentsAsync(stored.DocumentId, CancellationToken.None));
        await foreach (var row in BytesAsync("SELECT content FROM hub.archive_segments UNION ALL SELECT manifest FROM hub.archive_manifests"))
        {
            Assert.DoesNotContain("CONTRACT-PLAINTEXT", Encoding.Latin1.GetString(row), StringComparison.Ordinal);
        }

        Assert.Equal(["Stored", "Read"], await ActionsAsync(stored.DocumentId));
    }

    [Fact]
    public async Task Read_ByteFlippedInASegmentRow_IntegrityErrorNamesItAndRefusalAudited()
    {
        var stored = await archive.StoreAsync(Content(2 * 4096 + 1000, "x"), new ArchiveStoreRequest { OwnerPath = East, CallerPath = East }, CancellationToken.None);
        await ExecuteAsync("UPDATE hub.archive_segments SET content = set_byte(content, 100, get_byte(content, 100) # 1) WHERE document_id = $1 AND segment_index = 1",
            stored.DocumentId);

        var error = await Assert.ThrowsAsync<ArchiveIntegrityException>(() => archive.ReadAsync(stored.DocumentId, East, CancellationToken.None));

        Assert.Equal($"Segment 2 of 3 of document {stored.DocumentId[..12]}… fails authentication: it was altered, truncated, swapped with another segment or taken from another document.", error.Message);
        Assert.Equal(["Stored", "Refused"], await ActionsAsync(stored.DocumentId));
    }

    [Fact]
    public async Task Delete_StoredDocument_ManifestAndSegmentsGoneAndListedNoMore()
    {
        var store = new DatabaseArchiveStore(dataSource);
        var id = Convert.ToHexStringLower(SHA256.HashData("d"u8));
        await store.WriteSegmentAsync(id, 0, new byte[] { 1, 2 }, CancellationToken.None);
        await store.WriteSegmentAsync(id, 0, new byte[] { 3 }, CancellationToken.None);
        await store.WriteManifestAsync(id, "{}"u8.ToArray(), CancellationToken.None);
        Assert.Equal(new byte[] { 3 }, await store.ReadSegmentAsync(id, 0, CancellationToken.None));
        Assert.Contains(id, await store.ListDocumentsAsync(CancellationToken.None).ToListAsync());

        await store.DeleteAsync(id, CancellationToken.None);

        Assert.Null(await store.ReadManifestAsync(id, CancellationToken.None));
        Assert.Null(await store.ReadSegmentAsync(id, 0, CancellationToken.None));
        Assert.Empty(await store.ListDocumentsAsync(CancellationToken.None).ToListAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadManifestAsync("../../etc/passwd", CancellationToken.None));
    }

    [Theory]
    [InlineData("UPDATE hub.archive_audit SET detail = 'nothing happened'")]
    [InlineData("DELETE FROM hub.archive_audit")]
    [InlineData("TRUNCATE hub.archive_audit")]
    public async Task AuditTrail_ChangeAfterRecording_RefusedAndEventKept(string change)
    {
        var sink = new DatabaseArchiveAuditSink(dataSource);
        var at = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.FromHours(8));
        await sink.RecordAsync(new ArchiveAuditEvent(at, ArchiveAuditAction.HoldPlaced, new string('a', 64), East, "litigation"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(change));

        Assert.StartsWith("hub.archive_audit is append-only: ", error.MessageText, StringComparison.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT at, action, caller_path, detail FROM hub.archive_audit");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((at, "HoldPlaced", East, "litigation"),
            (reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        Assert.False(await reader.ReadAsync());
    }

    private static byte[] Content(int length, string marker)
    {
        var content = new byte[length];
        new Random(1).NextBytes(content);
        Encoding.ASCII.GetBytes(marker).CopyTo(content, 10);
        return content;
    }

    private async Task<List<string>> ActionsAsync(string documentId)
    {
        await using var command = dataSource.CreateCommand("SELECT action FROM hub.archive_audit WHERE document_id = $1 ORDER BY id");
        command.Parameters.AddWithValue(documentId);
        await using var reader = await command.ExecuteReaderAsync();
        var actions = new List<string>();
        while (await reader.ReadAsync())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }

    private async IAsyncEnumerable<byte[]> BytesAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return reader.GetFieldValue<byte[]>(0);
        }
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
