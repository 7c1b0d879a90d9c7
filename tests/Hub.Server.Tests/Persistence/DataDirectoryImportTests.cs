using System.Security.Cryptography;
using System.Text;
using Hub.Server.Documents;
using Hub.Server.Persistence;
using Hub.Server.Secrets;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Persistence;

/// <summary>
/// A data directory of a Hub that kept keys, documents, the archive and its audit trail as files moves into the
/// database at start-up in one transaction: everything or nothing, and the files renamed <c>*.imported</c>.
/// </summary>
public sealed class DataDirectoryImportTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-data-import-").FullName;
    private NpgsqlDataSource _dataSource = null!;
    private MasterKey _masterKey = null!;

    private string AuditFile => Path.Combine(_data, "archive-audit.jsonl");

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        _masterKey = MasterKey.Load(_data);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task ImportAsync_FilesOfAnEarlierHub_KeySignsDocumentReadsArchiveAndAuditKeptFilesRenamed()
    {
        var key = await FileKeys().CreateAsync("seal-east", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        var (documentId, document) = await WriteDocumentAsync("purchase contract CG-2026-0093");
        var archiveId = Convert.ToHexStringLower(SHA256.HashData("archived"u8));
        var manifest = WriteArchiveFile(archiveId, "manifest.json", """{"key":{"keyId":"archive-1"}}"""u8.ToArray());
        var segment = WriteArchiveFile(archiveId, "000000.seg", RandomNumberGenerator.GetBytes(300));
        await File.WriteAllTextAsync(AuditFile,
            $$"""{"at":"2026-11-20T08:00:00+00:00","action":"Stored","documentId":"{{archiveId}}","callerPath":"/group/east/","detail":"archive-1"}""" + "\n");

        await Import().ImportAsync(_data, CancellationToken.None);

        var keys = DatabaseKeyRecords.KeyStore(_dataSource, _masterKey);
        var hash = SHA256.HashData("approved"u8);
        using (var publicKey = ECDsa.Create())
        {
            publicKey.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo.Span, out _);
            Assert.True(publicKey.VerifyHash(hash, await keys.SignHashAsync("seal-east", hash, HashAlgorithmName.SHA256, CancellationToken.None),
                DSASignatureFormat.Rfc3279DerSequence));
        }

        Assert.Equal(document, await Workspace().GetAsync(documentId, CancellationToken.None));
        Assert.Equal(File.ReadAllBytes(manifest + DataDirectoryFiles.ImportedSuffix), await ScalarAsync("SELECT manifest FROM hub.archive_manifests"));
        Assert.Equal(File.ReadAllBytes(segment + DataDirectoryFiles.ImportedSuffix), await ScalarAsync("SELECT content FROM hub.archive_segments WHERE segment_index = 0"));
        Assert.Equal("Stored /group/east/ archive-1", await ScalarAsync("SELECT action || ' ' || caller_path || ' ' || detail FROM hub.archive_audit"));
        Assert.Equal(["master.key"], Directory.EnumerateFiles(_data, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(DataDirectoryFiles.ImportedSuffix, StringComparison.Ordinal)).Select(Path.GetFileName));

        // A second start finds nothing left to import and adds nothing.
        await Import().ImportAsync(_data, CancellationToken.None);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM hub.archive_audit"));
    }

    [Fact]
    public async Task ImportAsync_DocumentFileNotItsHash_RefusedNamingItAndNothingImported()
    {
        await FileKeys().CreateAsync("seal-east", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        var (documentId, _) = await WriteDocumentAsync("contract");
        var path = Path.Combine(_data, "documents", documentId[..2], documentId);
        await File.AppendAllTextAsync(path, " changed on disk");
        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Import().ImportAsync(_data, CancellationToken.None));

        Assert.Equal($"Document file '{path}' does not hold document {documentId} (its SHA-256 is {actual}); nothing was imported.", error.Message);
        await AssertNothingImportedAsync();
        Assert.True(File.Exists(Path.Combine(_data, "keys", "seal-east.key")));
    }

    [Fact]
    public async Task ImportAsync_AuditLineNotAnEvent_RefusedNamingFileAndLine()
    {
        await FileKeys().CreateAsync("seal-east", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        await File.WriteAllTextAsync(AuditFile,
            """{"at":"2026-11-20T08:00:00+00:00","action":"Read","documentId":"x","callerPath":"/g/","detail":""}""" + "\n" +
            """{"at":"2026-11-20T08:00:01+00:00","action":"Shredded","documentId":"x","callerPath":"/g/","detail":""}""" + "\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Import().ImportAsync(_data, CancellationToken.None));

        Assert.Equal($"Archive audit file '{AuditFile}' line 2 is not an archive audit event; nothing was imported.", error.Message);
        await AssertNothingImportedAsync();
        Assert.True(File.Exists(AuditFile));
    }

    [Fact]
    public async Task ImportAsync_KeyFileAltered_RefusedNamingItAndNothingImported()
    {
        await WriteDocumentAsync("contract");
        await FileKeys().CreateAsync("seal-east", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        var path = Path.Combine(_data, "keys", "seal-east.key");
        await File.WriteAllTextAsync(path, File.ReadAllText(path).Replace("\"KeyId\": \"seal-east\"", "\"KeyId\": \"seal-west\"", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Import().ImportAsync(_data, CancellationToken.None));

        Assert.Equal($"Key file '{path}' is not valid: Key file of 'seal-east' holds key 'seal-west': the file was renamed or replaced; nothing was imported.", error.Message);
        await AssertNothingImportedAsync();
    }

    [Fact]
    public async Task ImportAsync_StrayFileInTheArchive_RefusedNamingIt()
    {
        var stray = WriteArchiveFile(Convert.ToHexStringLower(SHA256.HashData("x"u8)), ".manifest.json.0a1b.tmp", [1]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Import().ImportAsync(_data, CancellationToken.None));

        Assert.Equal($"'{stray}' is not a key, document or archive file of the Hub (a leftover temporary file?); move it out of the data directory; nothing was imported.", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(File.Exists(stray));
    }

    [Fact]
    public async Task Serve_MalformedDocumentFile_StartStopsWithOneLineNamingItAndNothingImported()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await FileKeys().CreateAsync("seal-east", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        var path = Path.Combine(_data, "documents", "ab", "ab" + new string('0', 62));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "not the document its name says");

        var (code, _, error) = await HubProcess.RunAsync("serve", "--connection", connectionString, "--data-dir", _data, "--no-demo",
            "--urls", $"http://127.0.0.1:{Hub.Server.Database.LoopbackPort.AnyFree()}");

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"hub: Document file '{path}' does not hold document ab{new string('0', 62)} (its SHA-256 is ", line, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was imported.", line, StringComparison.Ordinal);
        await using var started = NpgsqlDataSource.Create(connectionString);
        await using var count = started.CreateCommand("SELECT count(*) FROM hub.trust_keys");
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        Assert.True(File.Exists(Path.Combine(_data, "keys", "seal-east.key")));
    }

    private SoftwareKeyStore FileKeys() => new(new SoftwareKeyStoreOptions
    {
        // The layout and master key id HubTrust used for key files.
        Directory = Path.Combine(_data, "keys"),
        MasterKey = File.ReadAllText(Path.Combine(_data, "master.key")).Trim(),
        MasterKeyId = "master-1",
    });

    private DataDirectoryImport Import() => new(_dataSource, new DocumentCipher(_masterKey), NullLogger<DataDirectoryImport>.Instance);

    private HubDocumentWorkspace Workspace() => new(new TemplateStore(_dataSource), _dataSource, new DocumentCipher(_masterKey));

    private async Task<(string Id, byte[] Content)> WriteDocumentAsync(string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        var id = Convert.ToHexStringLower(SHA256.HashData(content));
        Directory.CreateDirectory(Path.Combine(_data, "documents", id[..2]));
        await File.WriteAllBytesAsync(Path.Combine(_data, "documents", id[..2], id), content);
        return (id, content);
    }

    private string WriteArchiveFile(string documentId, string name, byte[] content)
    {
        var folder = Path.Combine(_data, "archive", documentId[..2], documentId);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), content);
        return Path.Combine(folder, name);
    }

    private async Task AssertNothingImportedAsync()
    {
        foreach (var table in new[] { "trust_keys", "documents", "archive_manifests", "archive_segments", "archive_audit" })
        {
            Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM hub.{table}"));
        }

        Assert.Empty(Directory.EnumerateFiles(_data, "*" + DataDirectoryFiles.ImportedSuffix, SearchOption.AllDirectories));
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
