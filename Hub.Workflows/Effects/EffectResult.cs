using System.Text.Json;

namespace Hub.Workflows.Effects;

/// <summary>
/// What a handler answers for an <see cref="Effect"/>. <b>Final</b>: the response resumes the waiting node (success and
/// business refusals alike — the activity chooses its outcome from the response). <b>Transient</b>: the work could not
/// be done now (a timeout, a 5xx, a tool missing); the relay retries with backoff and jitter, and when attempts run
/// out it opens a Delivery incident carrying <see cref="TransientError"/> instead of resuming the node.
/// </summary>
public sealed record EffectResult
{
    private EffectResult(JsonElement response, string? transientError) => (Response, TransientError) = (response, transientError);

    /// <summary>The payload the waiting node is resumed with (for a transient result: what it would be resumed with
    /// if an operator skips the incident).</summary>
    public JsonElement Response { get; }

    /// <summary>Why the work could not be done now; null for a final result.</summary>
    public string? TransientError { get; }

    /// <summary>Whether the relay should try again later.</summary>
    public bool IsTransient => TransientError is not null;

    /// <summary>A result that resumes the waiting node with <paramref name="response"/>.</summary>
    public static EffectResult Final(JsonElement response) => new(response, null);

    /// <summary>A result that asks for another attempt later because of <paramref name="error"/>.</summary>
    public static EffectResult Transient(JsonElement response, string error) =>
        new(response, string.IsNullOrEmpty(error) ? throw new ArgumentException("a transient result needs its error", nameof(error)) : error);
}
