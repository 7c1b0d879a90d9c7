using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Server.Evidence;
using Npgsql;

namespace Hub.Server.Seals;

/// <summary>
/// The evidence acts of the seal ledger, appended by the stores in the transaction of the change they describe (a
/// registration, freeze, thaw or revocation; a grant made or revoked; a physical use), so the chain and the ledger
/// never disagree. Details are facts and ids, never personal data beyond the acting user's id.
/// </summary>
internal static class SealEvidence
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Subject of an act about a seal.</summary>
    public static string SealSubject(Guid sealId) => $"seal:{sealId}";

    /// <summary>Subject of an act about a standing grant.</summary>
    public static string GrantSubject(Guid grantId) => $"seal-grant:{grantId}";

    /// <summary>Appends one act inside <paramref name="transaction"/>.</summary>
    public static Task<long> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, string organisationPath,
        Guid? actorId, string subject, object details, DateTimeOffset at, CancellationToken cancellationToken) =>
        EvidenceLogStore.AppendAsync(connection, transaction,
            new EvidenceAct(kind, organisationPath, actorId, subject, JsonSerializer.SerializeToElement(details, Json)), at, cancellationToken);
}
