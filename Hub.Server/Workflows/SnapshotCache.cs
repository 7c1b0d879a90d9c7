using System.Collections.Concurrent;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows;

/// <summary>One validated <see cref="DefinitionSnapshot"/> per content hash, shared by every burst of the node.
/// Published documents never change, so an entry never goes stale.</summary>
internal sealed class SnapshotCache(ActivityRegistry registry)
{
    private readonly ConcurrentDictionary<string, DefinitionSnapshot> snapshots = new(StringComparer.Ordinal);

    public ActivityRegistry Registry => registry;

    public DefinitionSnapshot FromDocument(string contentHash, string document) =>
        snapshots.GetOrAdd(contentHash, _ => DefinitionSnapshot.Create(WorkflowDefinitions.Read(document), registry));

    public async Task<DefinitionSnapshot> GetAsync(WorkflowTransaction tx, string contentHash, CancellationToken cancellationToken)
    {
        if (snapshots.TryGetValue(contentHash, out var snapshot))
        {
            return snapshot;
        }

        var document = await DefinitionStore.DocumentAsync(tx, contentHash, cancellationToken)
            ?? throw new InvalidOperationException($"no definition with content hash {contentHash} is stored");
        return FromDocument(contentHash, document);
    }
}
