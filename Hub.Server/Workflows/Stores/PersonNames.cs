using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>How the API shows people: display name and organisation beside the id, read in one query for a whole answer.</summary>
internal static class PersonNames
{
    /// <summary>A person as every workflow answer shows them.</summary>
    public sealed record Person(Guid Id, string DisplayName, Guid OrganisationId, string OrganisationName);

    /// <summary>The users among <paramref name="ids"/> that exist, by id.</summary>
    public static async Task<Dictionary<Guid, Person>> ReadAsync(NpgsqlDataSource db, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToArray();
        var people = new Dictionary<Guid, Person>();
        if (wanted.Length == 0)
        {
            return people;
        }

        await using var command = db.CreateCommand("""
            SELECT u.id, u.display_name, o.id, o.name FROM hub.users u JOIN hub.organisations o ON o.id = u.organisation_id
            WHERE u.id = ANY($1)
            """);
        command.Parameters.AddWithValue(wanted);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            people[reader.GetGuid(0)] = new Person(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3));
        }

        return people;
    }
}
