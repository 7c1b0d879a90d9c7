using System.Security.Cryptography;
using System.Text;
using Hub.Activities.Documents.Records;
using Hub.Server.Database;
using Hub.Server.Documents;
using Hub.Server.Secrets;
using Hub.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Cli;

/// <summary><c>hub document get</c> writes a document of the data directory's database to a file, records the download
/// in the evidence chain, and refuses bad input with one line.</summary>
public sealed class DocumentCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hub-document-test-").FullName;

    [Fact]
    public async Task Get_RecordedDocument_WrittenWholeAndTheDownloadInTheEvidenceChain()
    {
        var data = Path.Combine(_work, "data");
        var file = Path.Combine(_work, "合同.pdf");
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 采购合同 " + Guid.NewGuid());
        var id = Convert.ToHexStringLower(SHA256.HashData(content));

        // First run: migrates the data directory's database; the document is not there yet.
        var missing = await HubProcess.RunAsync("document", "get", id, "--data-dir", data, "--out", file);
        Assert.Equal(1, missing.ExitCode);
        // The database's start-up warnings go to stderr too; the verdict is its last line.
        Assert.Equal($"hub: No document {id}.", missing.Error.Trim().Split('\n')[^1].Trim());
        Assert.False(File.Exists(file));

        await WithDatabaseAsync(data, async db => await new DocumentRecordStore(db, new DocumentCipher(MasterKey.Load(data))).KeepAsync(
            new DocumentRecord(id, Guid.NewGuid(), "/group/east/", "contract", null, "采购合同", "合同.pdf", DocumentKind.Sealed, null, null, null,
                DateTimeOffset.UtcNow), content, CancellationToken.None));

        var got = await HubProcess.RunAsync("document", "get", id, "--data-dir", data, "--out", file);

        Assert.True(got.ExitCode == 0, got.Error);
        Assert.Equal($"合同.pdf -> {file} ({content.Length} bytes, sealed, sha256 {id})", got.Output.Trim());
        Assert.Equal(content, await File.ReadAllBytesAsync(file));
        Assert.Empty(Directory.GetFiles(_work, ".*.tmp"));
        var acts = await WithDatabaseAsync(data, async db =>
        {
            await using var read = db.CreateCommand("SELECT kind || ' ' || organisation_path || ' ' || (details::jsonb ->> 'via') FROM hub.evidence_log WHERE subject = $1");
            read.Parameters.AddWithValue("document:" + id);
            var found = new List<string>();
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add(reader.GetString(0));
            }

            return found;
        });
        Assert.Equal(["document-download /group/east/ cli"], acts);
    }

    [Fact]
    public async Task Get_BadIdOrMissingDirectory_OneLineExit2AndNothingStarted()
    {
        var data = Path.Combine(_work, "data");
        var badId = await HubProcess.RunAsync("document", "get", "../etc/passwd", "--data-dir", data, "--out", Path.Combine(_work, "x.pdf"));
        Assert.Equal(2, badId.ExitCode);
        Assert.Equal("hub: '../etc/passwd' is not a document id (64 lowercase hex digits of a SHA-256).", badId.Error.Trim());

        var noDirectory = await HubProcess.RunAsync("document", "get", new string('a', 64), "--data-dir", data, "--out", Path.Combine(_work, "nope", "x.pdf"));
        Assert.Equal(2, noDirectory.ExitCode);
        Assert.Equal($"hub: --out {Path.Combine(_work, "nope", "x.pdf")}: the directory {Path.Combine(_work, "nope")} does not exist.", noDirectory.Error.Trim());
        Assert.False(Directory.Exists(data), "the database was started for bad input");
    }

    private static async Task<T> WithDatabaseAsync<T>(string data, Func<NpgsqlDataSource, Task<T>> work)
    {
        await using var embedded = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(data, "pg") }, NullLogger.Instance);
        await embedded.StartAsync(CancellationToken.None);
        await using var db = NpgsqlDataSource.Create(embedded.ConnectionString);
        return await work(db);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
