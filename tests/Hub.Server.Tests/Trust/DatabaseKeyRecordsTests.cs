using System.Security.Cryptography;
using System.Text.Json;
using Hub.Server.Secrets;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Npgsql;

namespace Hub.Server.Tests.Trust;

/// <summary>
/// The node's private keys in <c>hub.trust_keys</c>: wrapped under the master key exactly as the key files were, usable
/// from any node with the same master key, and never from one without it.
/// </summary>
public sealed class DatabaseKeyRecordsTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-keys-").FullName;
    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task CreateThenSign_OtherNodeSameMasterKey_VerifiesAndRowIsAWrappedKeyNoFile()
    {
        var masterKey = MasterKey.Load(_data);
        var node = DatabaseKeyRecords.KeyStore(_dataSource, masterKey);
        var created = await node.CreateAsync("seal-east", KeyAlgorithm.EcdsaP256, CancellationToken.None);

        // Another node: its own data source, the same database and master key.
        await using var otherSource = NpgsqlDataSource.Create(_connectionString);
        var other = DatabaseKeyRecords.KeyStore(otherSource, masterKey);
        var hash = SHA256.HashData("approved contract"u8);
        var signature = await other.SignHashAsync("seal-east", hash, HashAlgorithmName.SHA256, CancellationToken.None);

        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(created.SubjectPublicKeyInfo.Span, out _);
        Assert.True(publicKey.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(created.SubjectPublicKeyInfo.ToArray(), (await other.FindAsync("seal-east", CancellationToken.None))!.SubjectPublicKeyInfo.ToArray());
        Assert.Null(await other.FindAsync("seal-west", CancellationToken.None));
        var duplicate = await Assert.ThrowsAsync<KeyStoreException>(() => other.CreateAsync("seal-east", KeyAlgorithm.EcdsaP256, CancellationToken.None));
        Assert.Equal("Key 'seal-east' already exists.", duplicate.Message);
        var record = JsonDocument.Parse(await RecordAsync("seal-east")).RootElement;
        Assert.Equal(("hub-key/1", "seal-east", "master-1"),
            (record.GetProperty("Format").GetString(), record.GetProperty("KeyId").GetString(), record.GetProperty("MasterKeyId").GetString()));
        Assert.Equal(["master.key"], Directory.EnumerateFileSystemEntries(_data).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Sign_NodeWithAnotherMasterKey_RefusedNamingTheMasterKey()
    {
        await DatabaseKeyRecords.KeyStore(_dataSource, MasterKey.Load(_data)).CreateAsync("tsa", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        var stranger = DatabaseKeyRecords.KeyStore(_dataSource, MasterKey.Load(Path.Combine(_data, "other-node")));

        var error = await Assert.ThrowsAsync<KeyStoreException>(() => stranger.OpenSigningKeyAsync("tsa", CancellationToken.None));

        Assert.Equal("Key 'tsa' cannot be decrypted: the configured master key 'master-1' is not the one the key was wrapped with.", error.Message);
    }

    [Fact]
    public async Task Open_RecordMovedToAnotherKeyId_RefusedAsReplaced()
    {
        var store = DatabaseKeyRecords.KeyStore(_dataSource, MasterKey.Load(_data));
        await store.CreateAsync("seal-a", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        await using (var move = _dataSource.CreateCommand("UPDATE hub.trust_keys SET key_id = 'seal-b' WHERE key_id = 'seal-a'"))
        {
            await move.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<KeyStoreException>(() => store.OpenSigningKeyAsync("seal-b", CancellationToken.None));

        Assert.Equal("Key file of 'seal-b' holds key 'seal-a': the file was renamed or replaced.", error.Message);
    }

    private async Task<byte[]> RecordAsync(string keyId)
    {
        await using var command = _dataSource.CreateCommand("SELECT record FROM hub.trust_keys WHERE key_id = $1");
        command.Parameters.AddWithValue(keyId);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }
}
