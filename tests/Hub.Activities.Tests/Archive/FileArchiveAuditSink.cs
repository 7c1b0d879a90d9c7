using System.Text;
using System.Text.Json;
using Hub.Activities.Archive;

namespace Hub.Activities.Tests.Archive;

/// <summary>
/// The archive's tests' audit sink (the Hub records into PostgreSQL, Hub.Server's DatabaseArchiveAuditSink): appends each event as one JSON line to a file (mode 0600) opened for appending only, flushed to disk before
/// <see cref="RecordAsync"/> returns. Nothing is kept in memory; a lock keeps lines whole when events arrive together.
/// </summary>
internal sealed class FileArchiveAuditSink : IArchiveAuditSink
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly string path;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Appends to <paramref name="path"/>, creating it (and its directory) when missing.</summary>
    public FileArchiveAuditSink(string path)
    {
        this.path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(this.path)!);
    }

    /// <inheritdoc />
    public async Task RecordAsync(ArchiveAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            at = auditEvent.At,
            action = auditEvent.Action.ToString(),
            documentId = auditEvent.DocumentId,
            callerPath = auditEvent.CallerPath,
            detail = auditEvent.Detail,
        }, Json) + "\n");
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = new FileStream(path, options);
            await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            gate.Release();
        }
    }
}
