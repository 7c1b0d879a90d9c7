using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Workflows.Activities.Core;
using Hub.Workflows.Effects;

namespace Hub.Server.Workflows.Effects;

/// <summary>
/// The host's handler for CallHttp (<see cref="HttpEffect.Kind"/>): sends the request with the message's idempotency key
/// in an <c>Idempotency-Key</c> header, so a receiver can do the effect once however often a lost lease makes the
/// relay repeat it. No answer, 408, 429 and 5xx are transient; every other answer resumes the node with
/// <c>succeeded</c>, <c>status</c> and <c>body</c>.
/// </summary>
internal sealed class HttpEffects(IHttpClientFactory httpClients, WorkflowHostOptions options) : IEffectHandler
{
    public const string HttpClientName = "hub-outbox";

    public IReadOnlyCollection<string> Kinds { get; } = [HttpEffect.Kind];

    public async Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken)
    {
        var message = effect.Payload;
        var method = new HttpMethod(Text(message, "method") ?? "POST");
        using var request = new HttpRequestMessage(method, Text(message, "url"));
        request.Headers.Add("Idempotency-Key", effect.IdempotencyKey);
        if (message.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() : header.Value.GetRawText());
            }
        }

        if (message.TryGetProperty("body", out var body) && body.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            request.Content = new StringContent(body.GetRawText(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.DeliveryTimeout);
            using var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            JsonNode? parsed;
            try
            {
                parsed = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                parsed = JsonValue.Create(text);
            }

            var result = JsonSerializer.SerializeToElement(new JsonObject
            {
                ["succeeded"] = response.IsSuccessStatusCode, ["status"] = status, ["body"] = parsed,
            });
            return status is 408 or 429 or >= 500 ? EffectResult.Transient(result, $"HTTP {status}") : EffectResult.Final(result);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return EffectResult.Transient(JsonSerializer.SerializeToElement(new { succeeded = false, status = 0, body = e.Message }), e.Message);
        }
    }

    private static string? Text(JsonElement message, string name) =>
        message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
