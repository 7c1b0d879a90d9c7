using System.Text.Json;
using Hub.Workflows.Runtime;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Workflows.Stores;

/// <summary>Reads of instances for the API and the CLI: outside any burst, straight from the data source.</summary>
internal static partial class InstanceStore
{
    private const string SummaryColumns = """
        i.id, d.definition_id, d.version, i.definition_hash, i.organisation_id, i.applicant_id, i.correlation_key, i.status, i.version,
        i.state -> 'variables', i.state -> 'fault', i.created_at, i.updated_at
        """;

    /// <summary>An instance as readers see it: where it runs, its status, variables and fault.</summary>
    public sealed record Summary(Guid Id, string DefinitionId, int DefinitionVersion, string DefinitionHash, Guid OrganisationId,
        Guid? ApplicantId, string? CorrelationKey, WorkflowStatus Status, int Version, JsonElement Variables, JsonElement? Fault,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>One journal row: a node execution or an act on a task or the instance.</summary>
    public sealed record JournalRow(long Id, string? NodeId, string? ActivityType, string Event, int Iteration, int Attempt,
        string[] Outcomes, string? Actor, JsonElement? Inputs, string? Message, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

    /// <summary>The organisation an instance belongs to, for scope checks; null when there is no such instance.</summary>
    public static async Task<(Guid OrganisationId, string Path)?> OwnerAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "SELECT o.id, o.path FROM hub.workflow_instances i JOIN hub.organisations o ON o.id = i.organisation_id WHERE i.id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetString(1)) : null;
    }

    /// <summary>One instance; null when there is none.</summary>
    public static async Task<Summary?> GetAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {SummaryColumns} FROM hub.workflow_instances i JOIN hub.workflow_definitions d ON d.id = i.definition_row_id
            WHERE i.id = $1
            """);
        command.Parameters.AddWithValue(id);
        return (await ReadSummariesAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>What an approver reads of the request behind a task: the instance's input and its definition's name.</summary>
    public sealed record Request(Summary Instance, string DefinitionName, JsonElement? Input);

    /// <summary>The instance with its input and definition name; null when there is none.</summary>
    public static async Task<Request?> RequestAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {SummaryColumns}, d.name, i.state -> 'input'
            FROM hub.workflow_instances i JOIN hub.workflow_definitions d ON d.id = i.definition_row_id
            WHERE i.id = $1
            """);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var summary = ReadSummary(reader);
        return new Request(summary, reader.GetString(13), Json(reader, 14));
    }

    /// <summary>Up to 1,000 instances of the subtree at <paramref name="organisationPath"/>, oldest first, each filter
    /// applied when given.</summary>
    public static async Task<List<Summary>> ListAsync(NpgsqlDataSource db, string organisationPath, WorkflowStatus? status, string? definitionId,
        string? correlationKey, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {SummaryColumns} FROM hub.workflow_instances i JOIN hub.workflow_definitions d ON d.id = i.definition_row_id
            JOIN hub.organisations o ON o.id = i.organisation_id
            WHERE o.path LIKE $1 || '%' AND ($2::text IS NULL OR i.status = $2) AND ($3::text IS NULL OR d.definition_id = $3)
              AND ($4::text IS NULL OR i.correlation_key = $4)
            ORDER BY i.created_at LIMIT 1000
            """);
        command.Parameters.AddWithValue(organisationPath);
        command.Parameters.Add(TextParameter(status is { } s ? StoredText.Of(s) : null));
        command.Parameters.Add(TextParameter(definitionId));
        command.Parameters.Add(TextParameter(correlationKey));
        return await ReadSummariesAsync(command, cancellationToken);
    }

    /// <summary>An instance's status; null when there is no such instance.</summary>
    public static async Task<WorkflowStatus?> StatusAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT status FROM hub.workflow_instances WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteScalarAsync(cancellationToken) is string text ? StoredText.Parse<WorkflowStatus>(text) : null;
    }

    /// <summary>What the instance did, in order.</summary>
    public static async Task<List<JournalRow>> JournalAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT id, node_id, activity_type, event, iteration, attempt, outcomes, actor, inputs::text, message, started_at, finished_at
            FROM hub.workflow_journal WHERE instance_id = $1 ORDER BY id
            """);
        command.Parameters.AddWithValue(id);
        var list = new List<JournalRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new JournalRow(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), reader.GetString(3), reader.GetInt32(4),
                reader.GetInt32(5), reader.GetFieldValue<string[]>(6), Text(reader, 7), Json(reader, 8), Text(reader, 9),
                reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return list;
    }

    /// <summary>The nodes that completed, in journal order, with the outcomes each took.</summary>
    public static async Task<List<(string Node, string[] Outcomes)>> CompletedNodesAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "SELECT node_id, outcomes FROM hub.workflow_journal WHERE instance_id = $1 AND event = $2 AND node_id IS NOT NULL ORDER BY id");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(StoredText.Of(JournalEvent.Completed));
        var path = new List<(string, string[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            path.Add((reader.GetString(0), reader.GetFieldValue<string[]>(1)));
        }

        return path;
    }

    private static async Task<List<Summary>> ReadSummariesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Summary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ReadSummary(reader));
        }

        return list;
    }

    private static Summary ReadSummary(NpgsqlDataReader reader) => new(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
        reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetGuid(5), Text(reader, 6), StoredText.Parse<WorkflowStatus>(reader.GetString(7)),
        reader.GetInt32(8), Json(reader, 9) ?? JsonDocument.Parse("{}").RootElement.Clone(), Json(reader, 10),
        reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<DateTimeOffset>(12));

    private static NpgsqlParameter TextParameter(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    internal static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    internal static JsonElement? Json(NpgsqlDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : JsonDocument.Parse(reader.GetFieldValue<string>(i)).RootElement.Clone();
}
