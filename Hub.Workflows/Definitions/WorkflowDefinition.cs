using System.Text.Json;

namespace Hub.Workflows.Definitions;

/// <summary>One version of a workflow definition as written in JSON (see docs/workflow-format.md). Immutable; its
/// identity for running instances is its content hash (<see cref="WorkflowDefinitions.Hash"/>).</summary>
/// <param name="Id">The logical id shared by every version, e.g. <c>expense-reimbursement</c>.</param>
/// <param name="Version">The version number, 1 or more.</param>
/// <param name="Name">The human name.</param>
/// <param name="Description">An optional description.</param>
/// <param name="InputSchema">The JSON Schema of the instance input; expressions read it as <c>input</c>.</param>
/// <param name="Variables">The workflow variables, read as <c>vars.name</c>.</param>
/// <param name="Flowchart">The nodes and connections.</param>
public sealed record WorkflowDefinition(
    string Id,
    int Version,
    string Name,
    string? Description,
    JsonElement? InputSchema,
    IReadOnlyList<VariableDefinition> Variables,
    Flowchart Flowchart);
