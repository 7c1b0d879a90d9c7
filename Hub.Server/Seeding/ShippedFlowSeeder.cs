using Hub.Server.Workflows.Stores;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Npgsql;

namespace Hub.Server.Seeding;

/// <summary>
/// Publishes the shipped flows (workflows/*.json, embedded in the server) for the group at the root of the demo tree,
/// so every subsidiary can start them on a first <c>./hub serve</c>. A flow whose id already has a version there is
/// left alone: an administrator's own versions are never replaced.
/// </summary>
internal sealed class ShippedFlowSeeder(NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time)
{
    private const string ResourcePrefix = "Hub.Server.Flows.";

    /// <summary>The shipped flows, by file name without extension, as their JSON text.</summary>
    public static IReadOnlyList<(string Name, string Json)> Shipped()
    {
        var assembly = typeof(ShippedFlowSeeder).Assembly;
        var flows = new List<(string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            flows.Add((resource[ResourcePrefix.Length..^".json".Length], reader.ReadToEnd()));
        }

        return flows;
    }

    /// <summary>Publishes each shipped flow for the root organisation unless it has a version of that id; returns how many.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var root = await OrganisationReads.RootAsync(db, cancellationToken);
        if (root is null)
        {
            return 0;
        }

        var published = 0;
        foreach (var (_, json) in Shipped())
        {
            var definition = WorkflowDefinitions.Read(json);
            if (await DefinitionStore.AnyVersionAsync(db, root.Value.Id, definition.Id, cancellationToken))
            {
                continue;
            }

            // A shipped flow that does not publish is a build defect (ShippedFlowsTests guards it), so this throws.
            var version = DefinitionVersion.Draft(definition).Publish(registry);
            if (await DefinitionStore.InsertAsync(db, version, root.Value.Id, root.Value.Path, time.GetUtcNow(), cancellationToken) is not null)
            {
                published++;
            }
        }

        return published;
    }
}
