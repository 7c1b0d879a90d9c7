using Hub.Server.Secrets;
using Hub.Trust.Keys;
using Npgsql;

namespace Hub.Server.Trust;

/// <summary>
/// The node's private keys in <c>hub.trust_keys</c> (migration 0008), one row per key holding the record Hub.Trust's
/// software key store wraps (AES-256-GCM under the master key), so every node sharing the database and the master key
/// signs with the same keys and none keeps a key file.
/// </summary>
internal sealed class DatabaseKeyRecords(NpgsqlDataSource dataSource) : IWrappedKeyRecords
{
    /// <summary>Inserts a record unless the key id has one; the import binds ($1 key id, $2 record).</summary>
    internal const string InsertRecord = "INSERT INTO hub.trust_keys (key_id, record) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING";

    /// <summary>The record of one key id ($1).</summary>
    internal const string SelectRecord = "SELECT record FROM hub.trust_keys WHERE key_id = $1";

    /// <summary>The master key id every record is wrapped under; recorded in each record for rotation.</summary>
    private const string MasterKeyId = "master-1";

    /// <summary>A key store over this node's database and master key.</summary>
    public static SoftwareKeyStore KeyStore(NpgsqlDataSource dataSource, MasterKey masterKey) =>
        new(new SoftwareKeyStoreOptions { MasterKey = Convert.ToBase64String(masterKey.Bytes), MasterKeyId = MasterKeyId },
            new DatabaseKeyRecords(dataSource));

    public async Task<bool> TryAddAsync(string keyId, byte[] record, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertRecord);
        command.Parameters.AddWithValue(keyId);
        command.Parameters.AddWithValue(record);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<byte[]?> ReadAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectRecord);
        command.Parameters.AddWithValue(keyId);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task ReplaceAsync(string keyId, byte[] record, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE hub.trust_keys SET record = $2, recorded_at = now() WHERE key_id = $1");
        command.Parameters.AddWithValue(keyId);
        command.Parameters.AddWithValue(record);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new KeyStoreException($"Key '{keyId}' does not exist.");
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT key_id FROM hub.trust_keys ORDER BY key_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
