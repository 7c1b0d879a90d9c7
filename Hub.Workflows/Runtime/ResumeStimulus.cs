using System.Text.Json;

namespace Hub.Workflows.Runtime;

/// <summary>Resumes one bookmark by id: a due timer or retry (no payload), a task decision
/// (<c>{"taskId", "decision": "approve"|"reject"|"return", "comment"}</c>), an outbound completion
/// (<c>{"succeeded", "status", "body"}</c>).</summary>
/// <param name="BookmarkId">The bookmark's id.</param>
/// <param name="Payload">What the node receives.</param>
/// <param name="Actor">Who resumed it.</param>
public sealed record ResumeStimulus(string BookmarkId, JsonElement? Payload = null, string? Actor = null) : WorkflowStimulus(Actor);
