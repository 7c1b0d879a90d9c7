using System.Text.Json;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Use;
using Hub.Workflows.Effects;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Seals.Use;

/// <summary>
/// The refusals of the seal activities in <c>hub.seal_use_refusals</c>, under the effect's idempotency key: written in
/// the refusing transaction (with its evidence act), read first by every delivery, so a redelivered refusal returns
/// what was refused rather than judging and recording the same request twice.
/// </summary>
internal static class SealUseRefusalStore
{
    /// <summary>What the effect <paramref name="effectKey"/> was refused with, if it was.</summary>
    public static async Task<JsonElement?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string effectKey,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT result FROM hub.seal_use_refusals WHERE effect_key = $1", connection, transaction);
        command.Parameters.AddWithValue(effectKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonDocument.Parse(json).RootElement.Clone() : null;
    }

    /// <summary>Records that <paramref name="effect"/> was refused at <paramref name="stage"/> (a <see cref="SealUseKinds"/>
    /// suffix) with <paramref name="result"/>.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Effect effect, string stage, Guid? sealId,
        string organisationPath, IReadOnlyList<Explanation> explanations, JsonElement result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO hub.seal_use_refusals (effect_key, instance_id, node_id, stage, seal_id, organisation_path, codes, result, refused_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, connection, transaction);
        command.Parameters.AddWithValue(effect.IdempotencyKey);
        command.Parameters.AddWithValue(effect.InstanceId);
        command.Parameters.AddWithValue(effect.NodeId);
        command.Parameters.AddWithValue(stage);
        command.Parameters.AddWithValue(NpgsqlDbType.Uuid, sealId.HasValue ? sealId.Value : DBNull.Value);
        command.Parameters.AddWithValue(organisationPath);
        command.Parameters.AddWithValue(explanations.Select(e => e.Code).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = result.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
