using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Runtime;

namespace Hub.Activities.Seals.Activities;

/// <summary>Shared suspend/resume of the seal activities: the handler's payload is <c>{"succeeded": bool, ...}</c>; the
/// whole payload becomes the output, and the outcome is the success or the refusal outcome.</summary>
internal static class SealActivityResult
{
    public static ActivityResult Suspend(ActivityContext context, string kind, object payload)
    {
        var message = context.EmitOutbound(kind, JsonSerializer.SerializeToElement(payload));
        return ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.OutboundCompletion, IdempotencyKey: message.IdempotencyKey));
    }

    public static ActivityResult Resume(ActivityContext context, string output, string success, string refusal)
    {
        var payload = context.ResumePayload ?? throw new ActivityFaultException(
            $"'{context.NodeId}' was resumed without the result of its seal work", false, "invalid-resume");
        context.SetOutput(output, payload);
        var succeeded = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("succeeded", out var s) && s.ValueKind == JsonValueKind.True;
        return ActivityResult.Complete(succeeded ? success : refusal);
    }

    public static string RequireSha256(string value, string input, ActivityContext context) =>
        value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? value
            : throw new ActivityFaultException($"'{context.NodeId}': input '{input}' must be 64 lower-case hex digits (a document id)", false, "invalid-input");
}
