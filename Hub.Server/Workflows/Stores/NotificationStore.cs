using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>Reads and marks the notifications of <c>hub.notifications</c> (task reminders and escalations) for their
/// recipient; they are written by the act that causes them (<see cref="TaskStore.QueueNotifications"/>).</summary>
internal static class NotificationStore
{
    /// <summary>A notification in someone's inbox.</summary>
    public sealed record Notification(Guid Id, string Kind, string Subject, Guid? TaskId, Guid? InstanceId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

    /// <summary>What marking a notification read came to.</summary>
    public enum Marking
    {
        /// <summary>Marked read (or it already was).</summary>
        Marked,

        /// <summary>There is no such notification.</summary>
        NotFound,

        /// <summary>The notification is addressed to someone else; nothing changed.</summary>
        NotTheRecipient,
    }

    /// <summary>Up to 200 of the recipient's notifications, newest first; only unread ones with <paramref name="unreadOnly"/>.</summary>
    public static async Task<List<Notification>> ListAsync(NpgsqlDataSource db, Guid recipientId, bool unreadOnly, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT id, kind, subject, task_id, instance_id, created_at, read_at FROM hub.notifications
            WHERE recipient_id = $1 AND ($2 = false OR read_at IS NULL) ORDER BY created_at DESC, id LIMIT 200
            """);
        command.Parameters.AddWithValue(recipientId);
        command.Parameters.AddWithValue(unreadOnly);
        var list = new List<Notification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Notification(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return list;
    }

    /// <summary>Marks a notification read at <paramref name="at"/> if <paramref name="recipientId"/> is its recipient.</summary>
    public static async Task<Marking> MarkReadAsync(NpgsqlDataSource db, Guid id, Guid recipientId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // One statement: the recipient check and the write cannot drift apart.
        await using var command = db.CreateCommand("""
            WITH target AS (SELECT id, recipient_id FROM hub.notifications WHERE id = $1),
                 marked AS (UPDATE hub.notifications n SET read_at = coalesce(n.read_at, $3)
                            FROM target WHERE n.id = target.id AND target.recipient_id = $2 RETURNING n.id)
            SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM marked)
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(recipientId);
        command.Parameters.AddWithValue(at);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 0 ? Marking.NotFound : reader.GetInt64(1) == 0 ? Marking.NotTheRecipient : Marking.Marked;
    }
}
