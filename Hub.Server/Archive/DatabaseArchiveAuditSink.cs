using Hub.Activities.Archive;
using Npgsql;

namespace Hub.Server.Archive;

/// <summary>
/// The archive's audit trail in <c>hub.archive_audit</c> (migration 0008): one row per event, committed before
/// <see cref="RecordAsync"/> returns. The table is append-only: this class only inserts.
/// </summary>
internal sealed class DatabaseArchiveAuditSink(NpgsqlDataSource dataSource) : IArchiveAuditSink
{
    /// <summary>Appends one event ($1 at, $2 action, $3 document id, $4 caller path, $5 detail).</summary>
    internal const string InsertEvent =
        "INSERT INTO hub.archive_audit (at, action, document_id, caller_path, detail) VALUES ($1, $2, $3, $4, $5)";

    /// <summary>The import's insert of an event (parameters as <see cref="InsertEvent"/>) unless an identical one is recorded.</summary>
    internal const string InsertEventIfAbsent = """
        INSERT INTO hub.archive_audit (at, action, document_id, caller_path, detail) SELECT $1::timestamptz, $2::varchar, $3::text, $4::varchar, $5::text
        WHERE NOT EXISTS (SELECT 1 FROM hub.archive_audit
                          WHERE at = $1 AND action = $2 AND document_id = $3 AND caller_path = $4 AND detail = $5)
        """;

    public async Task RecordAsync(ArchiveAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertEvent);
        Bind(command.Parameters, auditEvent);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Binds an event to <see cref="InsertEvent"/>'s parameters.</summary>
    internal static void Bind(NpgsqlParameterCollection parameters, ArchiveAuditEvent auditEvent)
    {
        parameters.AddWithValue(auditEvent.At.ToUniversalTime());
        parameters.AddWithValue(auditEvent.Action.ToString());
        parameters.AddWithValue(auditEvent.DocumentId);
        parameters.AddWithValue(auditEvent.CallerPath);
        parameters.AddWithValue(auditEvent.Detail);
    }
}
