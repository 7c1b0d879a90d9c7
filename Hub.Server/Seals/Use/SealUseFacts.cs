using Npgsql;

namespace Hub.Server.Seals.Use;

/// <summary>
/// What the seal-use handler reads about an instance and its people: its definition, applicant and the legal entity
/// whose seals it may ask for (the nearest group or subsidiary at or above the instance's organisation), and a person's
/// roles and home department, as the Hub holds them now.
/// </summary>
internal static class SealUseFacts
{
    /// <summary>The SQL of the roles of the user aliased <c>u</c>, as <c>Role@/path/</c>, sorted: how a grant judges a requester
    /// and how a recorded decision names its decider's roles.</summary>
    public const string RolesOfUser = """
        coalesce((SELECT array_agg(r.role || '@' || ro.path ORDER BY r.role, ro.path)
                  FROM hub.role_assignments r JOIN hub.organisations ro ON ro.id = r.organisation_id
                  WHERE r.user_id = u.id), ARRAY[]::text[])
        """;

    /// <summary>An instance as a seal request needs it.</summary>
    public sealed record InstanceFacts(Guid InstanceId, string DefinitionId, int DefinitionVersion, Guid? ApplicantId,
        Guid LegalEntityId, string LegalEntityPath, string LegalEntityName);

    /// <summary>A person as a grant is judged against.</summary>
    public sealed record PersonFacts(Guid Id, string DisplayName, string DepartmentPath, IReadOnlyList<string> Roles);

    /// <summary>The instance <paramref name="instanceId"/>, or null when there is none.</summary>
    public static async Task<InstanceFacts?> InstanceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid instanceId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT i.id, d.definition_id, d.version, i.applicant_id, e.id, e.path, e.name
            FROM hub.workflow_instances i
            JOIN hub.workflow_definitions d ON d.id = i.definition_row_id
            JOIN hub.organisations o ON o.id = i.organisation_id
            JOIN LATERAL (SELECT a.id, a.path, a.name FROM hub.organisations a
                          WHERE o.path LIKE a.path || '%' AND a.kind <> 'Department'
                          ORDER BY length(a.path) DESC LIMIT 1) e ON true
            WHERE i.id = $1
            """, connection, transaction);
        command.Parameters.AddWithValue(instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new InstanceFacts(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetGuid(4), reader.GetString(5), reader.GetString(6))
            : null;
    }

    /// <summary>The person <paramref name="userId"/> with roles as <c>Role@/path/</c>, or null when there is none.</summary>
    public static async Task<PersonFacts?> PersonAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid userId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT u.id, u.display_name, o.path, {RolesOfUser}
            FROM hub.users u JOIN hub.organisations o ON o.id = u.organisation_id
            WHERE u.id = $1
            """, connection, transaction);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PersonFacts(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3))
            : null;
    }
}
