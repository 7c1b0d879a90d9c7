using System.Text.Json;
using Hub.Workflows.Activities;

namespace Hub.Activities.Documents.Activities;

/// <summary>Shared resume handling: the relay's payload is <c>{"succeeded": bool, ...}</c>; the whole payload becomes
/// the activity's output and the outcome is Done or Failed.</summary>
internal static class DocumentActivityResult
{
    public static ActivityResult Suspend(ActivityContext context, string kind, object payload)
    {
        var message = context.EmitOutbound(kind, JsonSerializer.SerializeToElement(payload));
        return ActivityResult.Suspend(new BookmarkRequest(Hub.Workflows.Runtime.BookmarkKind.OutboundCompletion, IdempotencyKey: message.IdempotencyKey));
    }

    public static ActivityResult Resume(ActivityContext context, string output)
    {
        var payload = context.ResumePayload ?? throw new ActivityFaultException(
            $"'{context.NodeId}' was resumed without the result of its document work", false, "invalid-resume");
        context.SetOutput(output, payload);
        var succeeded = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("succeeded", out var s) && s.ValueKind == JsonValueKind.True;
        return ActivityResult.Complete(succeeded ? "Done" : "Failed");
    }
}
