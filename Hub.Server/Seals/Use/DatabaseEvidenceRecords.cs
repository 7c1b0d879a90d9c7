using Hub.Activities.Evidence;
using Npgsql;

namespace Hub.Server.Seals.Use;

/// <summary>
/// The host's <see cref="IEvidenceRecords"/>: decisions from the instance's decided tasks, seal uses from the ledger
/// (every electronic use on the instance), parties from the
/// organisations holding those seals.
/// </summary>
internal sealed class DatabaseEvidenceRecords(NpgsqlDataSource db) : IEvidenceRecords
{
    /// <inheritdoc/>
    public async Task<EvidenceRecord> ForAsync(Guid instanceId, string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var approvals = await DecisionsAsync(connection, instanceId, cancellationToken);
        var uses = new List<EvidenceSealUse>();
        var parties = new List<EvidenceParty>();
        // Every electronic use on this instance: an instance seals one document (a contract sealed by two parties carries both).
        await using (var command = new NpgsqlCommand("""
            SELECT s.name, s.certificate_serial, u.used_at, o.name, coalesce(o.credit_code, ''), o.kind, s.registered_at
            FROM hub.seal_uses u JOIN hub.seals s ON s.id = u.seal_id JOIN hub.organisations o ON o.id = s.organisation_id
            WHERE u.instance_id = $1 AND u.medium = 'Electronic'
            ORDER BY u.used_at, u.id
            """, connection))
        {
            command.Parameters.AddWithValue(instanceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var serial = reader.IsDBNull(1) ? "" : reader.GetString(1);
                uses.Add(new EvidenceSealUse(reader.GetString(0), reader.GetString(3), serial, reader.GetFieldValue<DateTimeOffset>(2), null));
                if (!parties.Any(p => p.Name == reader.GetString(3)))
                {
                    parties.Add(new EvidenceParty(reader.GetString(5) == "Group" ? "用印方（集团）" : "用印方", reader.GetString(3), reader.GetString(4),
                        "Hub CA 签发的印章证书（统一社会信用代码登记）", reader.GetFieldValue<DateTimeOffset>(6)));
                }
            }
        }

        return new EvidenceRecord(parties, approvals, uses);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<EvidenceApproval>> DecisionsAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await DecisionsAsync(connection, instanceId, cancellationToken);
    }

    private static async Task<List<EvidenceApproval>> DecisionsAsync(NpgsqlConnection connection, Guid instanceId, CancellationToken cancellationToken) =>
        [.. (await InstanceDecisionReads.ReadWithCommentsAsync(connection, null, instanceId, cancellationToken))
            .Select(d => new EvidenceApproval(d.Approval.StepName, d.Approval.DeciderName, DecisionWords(d.Approval.Decision), d.Comment, d.Approval.DecidedAt))];

    private static string DecisionWords(string decision) => decision.ToLowerInvariant() switch
    {
        "approve" => "同意",
        "reject" => "驳回",
        "return" => "退回",
        _ => decision,
    };
}
