namespace Hub.Workflows.Definitions;

/// <summary>A node of the flowchart: one use of an activity type with its inputs.</summary>
/// <param name="Id">Unique within the definition; also the anchor of bookmarks, idempotency keys and journal entries.</param>
/// <param name="Type">The activity type key, e.g. <c>Decision</c>.</param>
/// <param name="DisplayName">The label on the canvas, or null for the activity's display name.</param>
/// <param name="Inputs">Input values by input name.</param>
/// <param name="Outputs">Output name to workflow variable: where the node's outputs are stored.</param>
/// <param name="Position">The designer position, or null.</param>
public sealed record NodeDefinition(
    string Id,
    string Type,
    string? DisplayName,
    IReadOnlyDictionary<string, InputValue> Inputs,
    IReadOnlyDictionary<string, string> Outputs,
    NodePosition? Position);
