using Hub.Server.Authorisation;
using Hub.Server.Workflows.Stores;
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
        var mine = await NotificationStore.ListAsync(db, caller.Id, unread ?? false, cancellationToken);
        return TypedResults.Ok(mine.Select(n => new NotificationResponse(n.Id, n.Kind, n.Subject, n.TaskId, n.InstanceId, n.CreatedAt, n.ReadAt)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(Guid id, Caller caller, NpgsqlDataSource db, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken) =>
        await NotificationStore.MarkReadAsync(db, id, caller.Id, time.GetUtcNow(), cancellationToken) switch
        {
            NotificationStore.Marking.NotFound => Problems.NotFound($"No notification {id}."),
            NotificationStore.Marking.NotTheRecipient => AccessDenial.Forbidden(context, caller, $"Notification {id} is addressed to someone else."),
            _ => TypedResults.NoContent(),
        };
}
