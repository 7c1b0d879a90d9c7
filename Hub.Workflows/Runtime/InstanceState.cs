using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Workflows.Definitions;

namespace Hub.Workflows.Runtime;

/// <summary>An instance's runtime state: node progress, variables, pending bookmarks, loop counters. Small, and
/// serialisable to JSON that round-trips exactly, so the host stores it in one row and commits it with the rest of
/// the burst. Immutable from outside: a burst returns a new state.</summary>
public sealed class InstanceState
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    internal InstanceState(InstanceData data) => Data = data;

    internal InstanceData Data { get; }

    /// <summary>The instance id.</summary>
    public string InstanceId => Data.InstanceId;

    /// <summary>The content hash of the definition snapshot the instance is pinned to.</summary>
    public string DefinitionHash => Data.DefinitionHash;

    /// <summary>The status.</summary>
    public WorkflowStatus Status => Data.Status;

    /// <summary>The pending bookmarks.</summary>
    public IReadOnlyList<Bookmark> Bookmarks => Data.Bookmarks;

    /// <summary>The variables.</summary>
    public IReadOnlyDictionary<string, JsonElement> Variables => Data.Variables;

    /// <summary>The fault that stopped the instance, if it is faulted.</summary>
    public ActivityFault? Fault => Data.Fault;

    /// <summary>A new, not yet started instance pinned to <paramref name="snapshot"/>, variables at their defaults.</summary>
    public static InstanceState Create(string instanceId, DefinitionSnapshot snapshot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentNullException.ThrowIfNull(snapshot);
        var data = new InstanceData { InstanceId = instanceId, DefinitionHash = snapshot.ContentHash, Status = WorkflowStatus.NotStarted };
        foreach (var v in snapshot.Definition.Variables)
        {
            data.Variables[v.Name] = v.Default?.Clone() ?? JsonDocument.Parse("null").RootElement.Clone();
        }

        return new InstanceState(data);
    }

    /// <summary>The state as JSON; <see cref="FromJson"/> reads it back to an equal state.</summary>
    public string ToJson() => JsonSerializer.Serialize(Data, Options);

    /// <summary>Reads a state written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a state.</exception>
    public static InstanceState FromJson(string json) =>
        new(JsonSerializer.Deserialize<InstanceData>(json, Options) ?? throw new JsonException("instance state JSON is null"));

    internal InstanceState Copy() => FromJson(ToJson());
}
