namespace Hub.Activities.Archive;

/// <summary>One act on the archive, as handed to an <see cref="IArchiveAuditSink"/>.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Action">What was done or refused.</param>
/// <param name="DocumentId">The document's SHA-256 (hex).</param>
/// <param name="CallerPath">The organisation path of the caller.</param>
/// <param name="Detail">A short explanation (the refusal's message, the hold's reason, the key id); never content or keys.</param>
public sealed record ArchiveAuditEvent(DateTimeOffset At, ArchiveAuditAction Action, string DocumentId, string CallerPath, string Detail);
