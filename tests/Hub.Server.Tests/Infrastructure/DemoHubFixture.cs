using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Seeding;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>
/// A node seeded exactly as a first <c>./hub serve</c> seeds it: the demo group with its members, seals, grants and
/// policy, and the shipped flows. Tests sign in as the demo users with the passwords the seeder wrote down.
/// </summary>
public sealed class DemoHubFixture : HubServerFixture
{
    private Dictionary<string, string>? _passwords;

    protected override bool SeedsDemo => true;

    /// <summary>Signs in as a demo user (e.g. east.buyer) with the password generated for this installation.</summary>
    public Task<HttpClient> SignInAsDemoAsync(string userName) => SignInAsync(userName, Passwords()[userName]);

    /// <summary>The id of the demo organisation named <paramref name="name"/> (e.g. 华东贸易有限公司 or 采购部 under it).</summary>
    public async Task<Guid> OrganisationAsync(HttpClient caller, string name, string? parentName = null)
    {
        var all = (await caller.GetFromJsonAsync<JsonElement>("/api/organisations")).EnumerateArray().ToList();
        Guid? parent = parentName is null ? null : all.Single(o => o.GetProperty("name").GetString() == parentName).GetProperty("id").GetGuid();
        return all.Single(o => o.GetProperty("name").GetString() == name
                               && (parent is null || (o.TryGetProperty("parentId", out var p) && p.ValueKind == JsonValueKind.String && p.GetGuid() == parent)))
            .GetProperty("id").GetGuid();
    }

    /// <summary>Decides, as the demo user <paramref name="userName"/>, the first task of <paramref name="instanceId"/> in their
    /// inbox, waiting up to <paramref name="wait"/> (30 s) for it to arrive.</summary>
    public async Task DecideAsDemoAsync(string userName, Guid instanceId, TimeSpan? wait = null, string decision = "approve")
    {
        using var client = await SignInAsDemoAsync(userName);
        await Workflows.WorkflowClient.DecideWhenAssignedAsync(client, userName, instanceId, decision, wait ?? TimeSpan.FromSeconds(30));
    }

    private Dictionary<string, string> Passwords() => _passwords ??= File.ReadAllLines(Path.Combine(DataDirectory, DemoGroupSeeder.CredentialsFileName))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split(' '))
        .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
