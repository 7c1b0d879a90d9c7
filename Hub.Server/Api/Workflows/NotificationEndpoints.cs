using Hub.Server.Authorisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>The caller's notifications: task reminders and escalations, newest first. A person sees and marks only
/// their own; another person's notification is refused like any other cross-person access.</summary>
internal static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/notifications").WithTags("Workflows");
        group.MapGet("/", ListAsync).WithName("ListMyNotifications").WithSummary("The caller's notifications, newest first (unread only with ?unread=true).")
            .Allow(AccessRule.AnyCaller("only notifications addressed to the caller"));
        group.MapPost("/{id}/read", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one of the caller's notifications read.")
            .Allow(AccessRule.Scoped("the notification's recipient"));
        return routes;
    }

    private static async Task<Ok<List<NotificationResponse>>> ListAsync(bool? unread, Caller caller, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT id, kind, subject, task_id, instance_id, created_at, read_at FROM hub.notifications
            WHERE recipient_id = $1 AND ($2 = false OR read_at IS NULL) ORDER BY created_at DESC, id LIMIT 200
            """);
        command.Parameters.AddWithValue(caller.Id);
        command.Parameters.AddWithValue(unread ?? false);
        var list = new List<NotificationResponse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new NotificationResponse(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(Guid id, Caller caller, NpgsqlDataSource db, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken)
    {
        // One statement: the recipient check and the write cannot drift apart.
        await using var command = db.CreateCommand("""
            WITH target AS (SELECT id, recipient_id FROM hub.notifications WHERE id = $1),
                 marked AS (UPDATE hub.notifications n SET read_at = coalesce(n.read_at, $3)
                            FROM target WHERE n.id = target.id AND target.recipient_id = $2 RETURNING n.id)
            SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM marked)
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(caller.Id);
        command.Parameters.AddWithValue(time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (found, marked) = (reader.GetInt64(0), reader.GetInt64(1));
        return found == 0 ? Problems.NotFound($"No notification {id}.")
            : marked == 0 ? AccessDenial.Forbidden(context, caller, $"Notification {id} is addressed to someone else.")
            : TypedResults.NoContent();
    }
}
