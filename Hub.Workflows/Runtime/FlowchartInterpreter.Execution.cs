using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;

namespace Hub.Workflows.Runtime;

/// <summary>Executing and resuming one node: bind inputs, run the activity, apply its result or fault.</summary>
internal sealed partial class FlowchartInterpreter
{
    private async Task ExecuteAsync(string nodeId, (Bookmark Bookmark, JsonElement? Payload)? resume, CancellationToken cancellationToken)
    {
        var node = graph.Nodes[nodeId];
        var state = Node(nodeId);
        var registration = registry.Registration(node.Type)
            ?? throw new InvalidOperationException($"activity type '{node.Type}' of node '{nodeId}' is not registered in this runtime");
        if (resume is null)
        {
            if (state.Status != NodeStatus.Scheduled || state.Executions > 0 && state.Attempt <= 1)
            {
                return; // at most once per activation: a cancelled or already executed node is not run again
            }

            state.Attempt = Math.Max(1, state.Attempt);
            state.Executions = 1;
        }

        var started = time.GetUtcNow();
        var execution = new NodeExecution(snapshot, data, nodeId, state, started)
        {
            ResumePayload = resume?.Payload?.Clone(),
            Actor = actor,
            ResumedBookmark = resume?.Bookmark,
        };
        JsonElement? inputs = null;
        ActivityResult result;
        try
        {
            var activity = registration.Factory();
            inputs = BindInputs(activity, registration, node, execution);

            var context = new ActivityContext(execution);
            result = resume is null
                ? await activity.ExecuteAsync(context, cancellationToken)
                : await activity.ResumeAsync(context, cancellationToken);
        }
        catch (StimulusRejectedException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Fault(node, state, registration, e, started, resume is null ? inputs : null);
            return;
        }

        var finished = time.GetUtcNow();
        state.Data = execution.NodeData;
        foreach (var (output, value) in execution.Outputs)
        {
            if (node.Outputs.TryGetValue(output, out var variable))
            {
                data.Variables[variable] = value;
            }
        }

        outbound.AddRange(execution.Outbound);
        tasks.AddRange(execution.Tasks);
        var journalInputs = resume is null ? inputs : null;
        if (result.TerminationMessage is { } message)
        {
            Journal(node, state, JournalEvent.Terminated, [], started, finished, journalInputs, message);
            state.Status = NodeStatus.Completed;
            Stop(nodeId, "terminated", message);
            return;
        }

        if (result.Bookmark is { } request)
        {
            Suspend(nodeId, state, request);
            Journal(node, state, JournalEvent.Suspended, [], started, finished, journalInputs, null);
            return;
        }

        var allowed = DefinitionValidator.OutcomesOf(node, registry)!;
        if (result.Outcomes.FirstOrDefault(o => !allowed.Contains(o)) is { } unknown)
        {
            Fault(node, state, registration, new ActivityFaultException(
                $"node '{nodeId}' completed with outcome '{unknown}', which {node.Type} does not declare", false, "unknown-outcome"), started, journalInputs);
            return;
        }

        state.Status = NodeStatus.Completed;
        Journal(node, state, JournalEvent.Completed, result.Outcomes, started, finished, journalInputs, null);
        Propagate(nodeId, result.Outcomes);
    }

    private void Suspend(string nodeId, NodeState state, BookmarkRequest request)
    {
        foreach (var old in data.Bookmarks.Where(b => b.NodeId == nodeId).ToList())
        {
            RemoveBookmark(old);
        }

        var bookmark = new Bookmark($"{data.InstanceId}/{nodeId}/i{state.Iteration}/a{state.Attempt}/s{state.Suspensions++}", nodeId,
            request.Kind, request.DueAt, request.SignalName, request.CorrelationKey, request.TaskRequestIds ?? [], request.IdempotencyKey);
        state.Status = NodeStatus.Suspended;
        data.Bookmarks.Add(bookmark);
        created.Add(bookmark);
    }

    private void Fault(NodeDefinition node, NodeState state, ActivityRegistration registration, Exception e, DateTimeOffset started, JsonElement? inputs)
    {
        var transient = registration.IsTransient(e);
        var policy = registration.Descriptor.RetryPolicy;
        var errorType = e is ActivityFaultException afe ? afe.ErrorType : e.GetType().FullName!;
        var now = time.GetUtcNow();
        Journal(node, state, JournalEvent.Faulted, [], started, now, inputs, e.Message);
        if (transient && state.Attempt < policy.MaxAttempts)
        {
            var retryAt = now + policy.BackoffAfter(state.Attempt);
            fault = new ActivityFault(node.Id, errorType, e.Message, true, state.Attempt, retryAt);
            state.Attempt++;
            Suspend(node.Id, state, new BookmarkRequest(BookmarkKind.Retry, DueAt: retryAt));
            return;
        }

        // No retry left: an incident. Other paths' bookmarks stay, and the nodes scheduled behind this one are kept
        // with the state, so an operator's retry or skip carries on with every branch.
        state.Status = NodeStatus.Faulted;
        fault = new ActivityFault(node.Id, errorType, e.Message, transient, state.Attempt, null);
        data.Fault = fault;
        data.Status = WorkflowStatus.Faulted;
        data.Interrupted = ready.Count > 0 ? [.. ready] : null;
        ready.Clear();
    }

    private static JsonElement BindInputs(Activity activity, ActivityRegistration registration, NodeDefinition node, NodeExecution execution)
    {
        var journal = new JsonObject();
        foreach (var input in registration.Descriptor.Inputs)
        {
            var property = registration.InputProperties[input.Name];
            JsonElement? value = input.Default;
            if (node.Inputs.TryGetValue(input.Name, out var given))
            {
                value = given.Literal ?? Evaluate(node, input.Name, given.Expression!, execution);
            }

            if (value is not { } v)
            {
                continue;
            }

            try
            {
                property.SetValue(activity, InputBinding.Convert(v, property.PropertyType));
            }
            catch (FormatException e)
            {
                throw new ActivityFaultException($"node '{node.Id}' input '{input.Name}': {e.Message}", false, "input-type");
            }

            journal[input.Name] = input.Secret ? JsonValue.Create("***") : JsonNode.Parse(v.GetRawText());
        }

        return JsonSerializer.SerializeToElement(journal);
    }

    private static JsonElement Evaluate(NodeDefinition node, string input, string source, NodeExecution execution)
    {
        var result = execution.Evaluate(source);
        return result.IsError
            ? throw new ActivityFaultException($"node '{node.Id}' input '{input}': {result.Error}", false, "expression")
            : InputBinding.FromCel(result.Value);
    }

    private void Journal(NodeDefinition node, NodeState state, JournalEvent e, IReadOnlyList<string> outcomes, DateTimeOffset started,
        DateTimeOffset finished, JsonElement? inputs, string? message) =>
        journal.Add(new JournalEntry(node.Id, node.Type, state.Iteration, state.Attempt, e, outcomes, started, finished, actor, inputs, message));
}
