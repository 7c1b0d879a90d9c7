using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Seals.Personal;

/// <summary>
/// <c>hub.personal_signatures</c>: what each signing effect returned, written in the commit that consumed the person's
/// authentication, so a redelivery returns the same signed document. Insert and select only (the runtime role may do
/// nothing else here).
/// </summary>
internal static class PersonalSignatureStore
{
    /// <summary>One recorded signature.</summary>
    public sealed record Entry(string EffectKey, Guid InstanceId, string NodeId, Guid PersonId, Guid SigningKeyUseId, string DocumentSha256,
        string SignedSha256, JsonElement Result, DateTimeOffset SignedAt);

    /// <summary>What the effect <paramref name="effectKey"/> returned, when it signed.</summary>
    public static async Task<JsonElement?> ResultOfAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string effectKey,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT result::text FROM hub.personal_signatures WHERE effect_key = $1", connection, transaction);
        command.Parameters.AddWithValue(effectKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string text ? JsonDocument.Parse(text).RootElement.Clone() : null;
    }

    /// <summary>Queues the row on the caller's transaction (the one that consumed the authentication).</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Entry entry, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO hub.personal_signatures (effect_key, instance_id, node_id, person_id, signing_key_use_id, document_sha256, signed_sha256,
                result, signed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, connection, transaction);
        command.Parameters.AddWithValue(entry.EffectKey);
        command.Parameters.AddWithValue(entry.InstanceId);
        command.Parameters.AddWithValue(entry.NodeId);
        command.Parameters.AddWithValue(entry.PersonId);
        command.Parameters.AddWithValue(entry.SigningKeyUseId);
        command.Parameters.AddWithValue(entry.DocumentSha256);
        command.Parameters.AddWithValue(entry.SignedSha256);
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Result.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(entry.SignedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
