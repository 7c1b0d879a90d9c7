using Hub.Workflows.Runtime;
using Npgsql;

namespace Hub.Server.Workflows;

/// <summary>An instance row as a burst needs it, read under its row lock.</summary>
internal sealed record InstanceRecord(Guid Id, Guid DefinitionRowId, string DefinitionHash, Guid OrganisationId,
    string OrganisationPath, Guid? ApplicantId, string? CorrelationKey, string Status, InstanceState State, int Version)
{
    public const string Columns = "i.id, i.definition_row_id, i.definition_hash, i.organisation_id, o.path, i.applicant_id, " +
                                  "i.correlation_key, i.status, i.state::text, i.version";

    /// <summary>Locks and reads an instance; null when there is none.</summary>
    /// <remarks>With <paramref name="skipLocked"/>, an instance another transaction holds reads as null: a worker
    /// then leaves its work item for the next poll instead of waiting in a lock order a request could invert.</remarks>
    public static async Task<InstanceRecord?> LockAsync(WorkflowTransaction tx, Guid id, CancellationToken cancellationToken, bool skipLocked = false)
    {
        await using var command = await tx.PreparedAsync(
            $"SELECT {Columns} FROM hub.workflow_instances i JOIN hub.organisations o ON o.id = i.organisation_id WHERE i.id = $1 FOR UPDATE OF i" +
            (skipLocked ? " SKIP LOCKED" : ""), cancellationToken, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The record at the reader's current row, selected with <see cref="Columns"/>.</summary>
    public static InstanceRecord Read(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7),
            InstanceState.FromJson(reader.GetString(8)), reader.GetInt32(9));
}
