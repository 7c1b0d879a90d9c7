using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Activities.Seals;
using Hub.Server.Evidence;
using Hub.Workflows.Effects;
using Npgsql;

namespace Hub.Server.Seals.Use;

/// <summary>
/// A refusal of a seal activity, as the flow gets it and as it is recorded: the refusal row under the effect's key and
/// the evidence act, both in the caller's transaction (the act last, as every evidence append must be).
/// </summary>
internal static class SealUseRefusals
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records the refusal of <paramref name="effect"/> and returns the result the flow routes on; the caller
    /// commits.</summary>
    public static async Task<JsonElement> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Effect effect, Guid? sealId, string path,
        string subject, IReadOnlyList<Explanation> explanations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stage = effect.Kind[(effect.Kind.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var result = Result(explanations);
        await SealUseRefusalStore.RecordAsync(connection, transaction, effect, stage, sealId, path, explanations, result, now, cancellationToken);
        await EvidenceLogStore.AppendAsync(connection, transaction, new EvidenceAct(EvidenceKinds.Refusal, path, null, subject,
            JsonSerializer.SerializeToElement(new { instanceId = effect.InstanceId, nodeId = effect.NodeId, stage, explanations }, Json)),
            now, cancellationToken);
        return result;
    }

    /// <summary>The result a refused seal activity returns: the explanations, and their sentences joined in English and Chinese.</summary>
    public static JsonElement Result(IReadOnlyList<Explanation> explanations) => JsonSerializer.SerializeToElement(new
    {
        succeeded = false, explanations, error = string.Join("; ", explanations.Select(e => e.English)),
        errorZh = string.Join("；", explanations.Select(e => e.Chinese)),
    }, Json);
}
