using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Seals.Stores;

/// <summary>The group dashboard's figures from the seal ledger: uses per seal and per entity, unattended and emergency uses.</summary>
internal static class SealDashboardStore
{
    /// <summary>Every seal in scope (used or not) with its uses in the window, most used first.</summary>
    public static async Task<List<SealFigures>> PerSealAsync(NpgsqlDataSource db, SealDashboardScope scope, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT s.id, s.name, s.type, s.medium, s.status, o.id, o.name,
                   count(u.id), count(u.id) FILTER (WHERE u.unattended), count(u.id) FILTER (WHERE u.emergency)
            FROM hub.seals s JOIN hub.organisations o ON o.id = s.organisation_id
            LEFT JOIN hub.seal_uses u ON u.seal_id = s.id AND ($3::timestamptz IS NULL OR u.used_at >= $3) AND ($4::timestamptz IS NULL OR u.used_at < $4)
            WHERE o.path LIKE ANY($1) AND ($2::text IS NULL OR o.path LIKE $2 || '%')
            GROUP BY s.id, o.id ORDER BY count(u.id) DESC, o.path, s.type LIMIT 5000
            """);
        Bind(command, scope);
        var figures = new List<SealFigures>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            figures.Add(new SealFigures(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetGuid(5),
                reader.GetString(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));
        }

        return figures;
    }

    /// <summary>Every entity in scope that holds a seal, with its seals' uses and emergencies in the window and its frozen seals now.</summary>
    public static async Task<List<EntityFigures>> PerEntityAsync(NpgsqlDataSource db, SealDashboardScope scope, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT o.id, o.name, o.path, count(u.id), count(u.id) FILTER (WHERE u.emergency),
                   (SELECT count(*) FROM hub.seals f WHERE f.organisation_id = o.id AND f.status = 'Frozen')
            FROM hub.organisations o JOIN hub.seals s ON s.organisation_id = o.id
            LEFT JOIN hub.seal_uses u ON u.seal_id = s.id AND ($3::timestamptz IS NULL OR u.used_at >= $3) AND ($4::timestamptz IS NULL OR u.used_at < $4)
            WHERE o.path LIKE ANY($1) AND ($2::text IS NULL OR o.path LIKE $2 || '%')
            GROUP BY o.id ORDER BY o.path LIMIT 5000
            """);
        Bind(command, scope);
        var figures = new List<EntityFigures>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            figures.Add(new EntityFigures(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return figures;
    }

    /// <summary>Refusals of seal use in scope and window (at authorisation and at use), from <c>hub.seal_use_refusals</c>.</summary>
    public static async Task<long> RefusalsAsync(NpgsqlDataSource db, SealDashboardScope scope, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT count(*) FROM hub.seal_use_refusals f
            WHERE f.organisation_path LIKE ANY($1) AND ($2::text IS NULL OR f.organisation_path LIKE $2 || '%')
              AND ($3::timestamptz IS NULL OR f.refused_at >= $3) AND ($4::timestamptz IS NULL OR f.refused_at < $4)
            """);
        Bind(command, scope);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The reviews an emergency use owes: tasks created on the instance after the emergency use, still open, and of
    /// those the ones past their due time at <paramref name="now"/>. Emergency uses in scope and window.
    /// </summary>
    public static async Task<(long Open, long Overdue)> EmergencyReviewsAsync(NpgsqlDataSource db, SealDashboardScope scope, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT count(DISTINCT t.id), count(DISTINCT t.id) FILTER (WHERE t.due_at < $5)
            FROM hub.seal_uses u JOIN hub.workflow_tasks t ON t.instance_id = u.instance_id AND t.created_at >= u.used_at
            WHERE u.emergency AND t.status IN ('Open', 'Claimed')
              AND u.organisation_path LIKE ANY($1) AND ($2::text IS NULL OR u.organisation_path LIKE $2 || '%')
              AND ($3::timestamptz IS NULL OR u.used_at >= $3) AND ($4::timestamptz IS NULL OR u.used_at < $4)
            """);
        Bind(command, scope);
        command.Parameters.AddWithValue(now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void Bind(NpgsqlCommand command, SealDashboardScope scope)
    {
        command.Parameters.AddWithValue(scope.Roots.Select(r => r + "%").ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)scope.SubtreePath ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)scope.From ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)scope.Until ?? DBNull.Value);
    }
}
