using System.Text.Json;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Activities;

/// <summary>What an executing activity may see and do: read the instance input and variables, set variables and
/// outputs, evaluate a CEL condition, emit outbound messages and task requests. Made by the runtime per execution.</summary>
public sealed class ActivityContext
{
    private readonly NodeExecution execution;

    internal ActivityContext(NodeExecution execution) => this.execution = execution;

    /// <summary>The instance id.</summary>
    public string InstanceId => execution.InstanceId;

    /// <summary>The node id.</summary>
    public string NodeId => execution.NodeId;

    /// <summary>The loop iteration of this activation, 0 outside loops and on the first pass.</summary>
    public int Iteration => execution.Iteration;

    /// <summary>The attempt, 1 on the first try and counting retries.</summary>
    public int Attempt => execution.Attempt;

    /// <summary>The current time from the runtime's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now => execution.Now;

    /// <summary>The instance input.</summary>
    public JsonElement Input => execution.Input;

    /// <summary>The payload the host resumed this node with, or null when executing.</summary>
    public JsonElement? ResumePayload => execution.ResumePayload;

    /// <summary>Who caused this execution or resumption, if the host said.</summary>
    public string? Actor => execution.Actor;

    /// <summary>The bookmark being resumed, or null.</summary>
    public Bookmark? ResumedBookmark => execution.ResumedBookmark;

    /// <summary>The activity's private state kept between suspensions of this activation, or null.</summary>
    public JsonElement? NodeData => execution.NodeData;

    /// <summary>Key for side effects of this attempt: instance id, node id, iteration and attempt (the attempt
    /// lineage), so a replayed burst emits the same key and the relay does the effect once.</summary>
    public string IdempotencyKey => $"{InstanceId}/{NodeId}/i{Iteration}/a{Attempt}";

    /// <summary>Replaces the activity's private state.</summary>
    public void SetNodeData(JsonElement data) => execution.NodeData = data.Clone();

    /// <summary>The value of a declared variable.</summary>
    /// <exception cref="KeyNotFoundException">The variable is not declared.</exception>
    public JsonElement GetVariable(string name) => execution.GetVariable(name);

    /// <summary>Sets a declared variable.</summary>
    /// <exception cref="KeyNotFoundException">The variable is not declared.</exception>
    public void SetVariable(string name, JsonElement value) => execution.SetVariable(name, value);

    /// <summary>Sets an output; the node's <c>outputs</c> mapping decides which variable receives it.</summary>
    public void SetOutput(string name, JsonElement value) => execution.Outputs[name] = value.Clone();

    /// <summary>Evaluates a bool CEL condition against the instance input, variables and now.</summary>
    /// <exception cref="ActivityFaultException">The expression does not compile, is not bool or fails.</exception>
    public bool EvaluateCondition(string source) => execution.EvaluateCondition(source);

    /// <summary>Emits a message for the outbox with <see cref="IdempotencyKey"/>.</summary>
    public OutboundMessage EmitOutbound(string kind, JsonElement payload)
    {
        var message = new OutboundMessage(IdempotencyKey, NodeId, kind, payload.Clone());
        execution.Outbound.Add(message);
        return message;
    }

    /// <summary>Emits a human task request for slot <paramref name="slot"/> of this activation. A node that asks
    /// again within one activation (a new round after a return) names each round with <paramref name="round"/>, so
    /// request ids stay unique; so does a retried attempt (after an incident), whose id carries the attempt. An overdue
    /// task goes to <paramref name="escalateTo"/> when given, else to the administrators above the instance's organisation.</summary>
    public TaskRequest RequestTask(string title, IReadOnlyList<ApprovalCandidate> candidates, DateTimeOffset? dueAt, int slot,
        TaskReminders? reminders = null, string? round = null, WhenNoCandidate whenNoCandidate = WhenNoCandidate.Fault,
        IReadOnlyList<ApprovalCandidate>? escalateTo = null)
    {
        // Attempt 1 keeps the ids requests had before attempts were part of them, so older instances resume unchanged.
        var activation = Attempt > 1 ? $"{InstanceId}/{NodeId}/i{Iteration}/a{Attempt}" : $"{InstanceId}/{NodeId}/i{Iteration}";
        var prefix = round is null ? activation : $"{activation}/{round}";
        var request = new TaskRequest($"{prefix}/t{slot}", NodeId, title, candidates, dueAt, slot, reminders, whenNoCandidate,
            escalateTo is { Count: > 0 } ? escalateTo : null);
        execution.Tasks.Add(request);
        return request;
    }
}
