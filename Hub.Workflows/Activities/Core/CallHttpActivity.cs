using System.Text.Json;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Activities.Core;

/// <summary>Calls an HTTP endpoint through the outbox: emits the request with an idempotency key and waits for the
/// relay to report completion. The engine itself never calls out.</summary>
[Activity("CallHttp", "Integration", "Call HTTP", "Sends an HTTP request through the outbox and waits for its response.")]
[Outcomes("Succeeded", "Failed")]
[Output("response", "object", "status, headers and body as the relay reported them")]
[RetryPolicy(3, InitialBackoffSeconds = 10, TransientErrors = [typeof(TimeoutException)])]
internal sealed class CallHttpActivity : Activity
{
    [Input(Description = "HTTP method.", DefaultJson = "\"POST\"", Order = 0)]
    public string Method { get; set; } = "POST";

    [Input(Description = "Absolute URL.", Required = true, Order = 1)]
    public string Url { get; set; } = "";

    [Input(Description = "Request headers.", UiHint = UiHints.Json, Secret = true, Category = "Security", Order = 2)]
    public JsonElement? Headers { get; set; }

    [Input(Description = "Request body (JSON).", UiHint = UiHints.Json, Order = 3)]
    public JsonElement? Body { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ActivityFaultException($"call '{context.NodeId}': '{Url}' is not an absolute http(s) URL", false, "invalid-input");
        }

        var payload = JsonSerializer.SerializeToElement(new { method = Method, url = Url, headers = Headers, body = Body });
        var message = context.EmitOutbound(HttpEffect.Kind, payload);
        return ValueTask.FromResult(ActivityResult.Suspend(
            new BookmarkRequest(BookmarkKind.OutboundCompletion, IdempotencyKey: message.IdempotencyKey)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var payload = context.ResumePayload ?? throw new ActivityFaultException(
            $"call '{context.NodeId}' was resumed without a response", false, "invalid-resume");
        context.SetOutput("response", payload);
        var succeeded = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("succeeded", out var s) && s.ValueKind == JsonValueKind.True;
        return ValueTask.FromResult(ActivityResult.Complete(succeeded ? "Succeeded" : "Failed"));
    }
}
