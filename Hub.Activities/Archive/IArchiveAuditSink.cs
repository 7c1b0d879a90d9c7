namespace Hub.Activities.Archive;

/// <summary>
/// Receives every read, write and refusal of the archive, before the operation returns; an exception from the sink fails
/// the operation, so nothing is read without being recorded. The host routes these into the evidence chain when it
/// exists; until then the Hub appends them to an append-only table (Hub.Server's DatabaseArchiveAuditSink).
/// </summary>
public interface IArchiveAuditSink
{
    /// <summary>Records one event durably.</summary>
    Task RecordAsync(ArchiveAuditEvent auditEvent, CancellationToken cancellationToken);
}
