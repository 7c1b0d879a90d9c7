using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>Runs a definition burst by burst, keeping the state and every burst's result.</summary>
internal sealed class Harness
{
    public static readonly ActivityRegistry Registry = ActivityRegistry.CreateCore();

    public Harness(WorkflowDefinition definition, RuntimeLimits? limits = null, string? instanceId = null, ActivityRegistry? registry = null)
    {
        Snapshot = DefinitionSnapshot.Create(definition, registry ?? Registry);
        Runtime = new WorkflowRuntime(registry ?? Registry, Time, limits);
        State = InstanceState.Create(instanceId ?? Guid.NewGuid().ToString("N"), Snapshot);
    }

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public DefinitionSnapshot Snapshot { get; }

    public WorkflowRuntime Runtime { get; }

    public InstanceState State { get; private set; }

    public List<BurstResult> Bursts { get; } = [];

    public IEnumerable<JournalEntry> Journal => Bursts.SelectMany(b => b.Journal);

    public async Task<BurstResult> RunAsync(WorkflowStimulus stimulus)
    {
        var result = await Runtime.RunBurstAsync(Snapshot, State, stimulus, CancellationToken.None);
        State = result.State;
        Bursts.Add(result);
        return result;
    }

    public Task<BurstResult> StartAsync(string input = "{}") => RunAsync(new StartStimulus(Json(input)));

    public Task<BurstResult> ResumeAsync(Bookmark bookmark, string? payload = null, string? actor = null) =>
        RunAsync(new ResumeStimulus(bookmark.Id, payload is null ? null : Json(payload), actor));

    public Bookmark BookmarkOf(string nodeId) => State.Bookmarks.Single(b => b.NodeId == nodeId);

    /// <summary>Node ids that completed, in order.</summary>
    public List<string> Completed => [.. Journal.Where(j => j.Event == JournalEvent.Completed).Select(j => j.NodeId)];

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
