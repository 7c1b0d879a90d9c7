using System.Text.Json;

namespace Hub.Workflows.Runtime;

/// <summary>The serialised content of an instance state. Sorted dictionaries keep the JSON stable.</summary>
internal sealed class InstanceData
{
    public string InstanceId { get; set; } = "";

    public string DefinitionHash { get; set; } = "";

    public WorkflowStatus Status { get; set; }

    public JsonElement? Input { get; set; }

    public SortedDictionary<string, JsonElement> Variables { get; set; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, NodeState> Nodes { get; set; } = new(StringComparer.Ordinal);

    public List<Bookmark> Bookmarks { get; set; } = [];

    public SortedDictionary<string, int> LoopCounts { get; set; } = new(StringComparer.Ordinal);

    public ActivityFault? Fault { get; set; }

    /// <summary>While faulted with an incident: the nodes that were scheduled to run after the faulted one, in run order.
    /// An operator's retry or skip runs them, so resolving the incident drops no parallel branch. Null otherwise.</summary>
    public List<string>? Interrupted { get; set; }
}

/// <summary>Per-node progress in the current activation.</summary>
internal sealed class NodeState
{
    public NodeStatus Status { get; set; }

    /// <summary>Loop iteration of this node, counting resets by back-edges.</summary>
    public int Iteration { get; set; }

    /// <summary>Inbound forward edge indices that arrived live.</summary>
    public List<int> Live { get; set; } = [];

    /// <summary>Inbound forward edge indices that arrived dead.</summary>
    public List<int> Dead { get; set; } = [];

    public int Attempt { get; set; }

    public int Suspensions { get; set; }

    /// <summary>Executions in this activation; the runtime keeps it at most one.</summary>
    public int Executions { get; set; }

    public JsonElement? Data { get; set; }
}

/// <summary>The life of a node within one activation.</summary>
internal enum NodeStatus
{
    Waiting,
    Scheduled,
    Suspended,
    Completed,
    Dead,
    Cancelled,
    Faulted,
}
