using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Definitions;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>A definition version's life through the API: draft → published → retired, wrong transitions refused, and a
/// stored version retired as stored (rehydrated), never validated again.</summary>
public sealed class DefinitionLifecycleTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task PublishAndRetire_ADraft_MoveForwardOnlyAndStopNewInstances()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var name = "life-" + Guid.NewGuid().ToString("N")[..6];
        var saved = await admin.PostAsJsonAsync("/api/workflow-definitions",
            new { organisationId = hub.Group.Alpha.Id, document = WorkflowDocuments.Delay(name, "PT1H") });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var draft = await saved.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetGuid();
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("contentHash").ValueKind);

        var retireDraft = await admin.PostAsync($"/api/workflow-definitions/{id}/retire", null);
        var published = await admin.PostAsync($"/api/workflow-definitions/{id}/publish", null);
        var publishAgain = await admin.PostAsync($"/api/workflow-definitions/{id}/publish", null);
        var retired = await admin.PostAsync($"/api/workflow-definitions/{id}/retire", null);
        var start = await admin.PostAsJsonAsync("/api/workflow-instances", new { organisationId = hub.Group.Alpha.Id, definitionId = name, input = new { } });

        Assert.Equal(HttpStatusCode.Conflict, retireDraft.StatusCode);
        Assert.Contains($"definition '{name}' version 1 is draft; only a published version can be retired", await retireDraft.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var publishedBody = await published.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Published", publishedBody.GetProperty("status").GetString());
        var hash = publishedBody.GetProperty("contentHash").GetString();
        Assert.Equal(WorkflowDefinitions.Hash(WorkflowDefinitions.Read(WorkflowDocuments.Delay(name, "PT1H").GetRawText())), hash);
        Assert.Equal(HttpStatusCode.Conflict, publishAgain.StatusCode);
        Assert.Contains("is published; only a draft can be published", await publishAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var retiredBody = await retired.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Retired", retiredBody.GetProperty("status").GetString());
        Assert.Equal(hash, retiredBody.GetProperty("contentHash").GetString());
        Assert.Equal(publishedBody.GetProperty("publishedAt").GetDateTimeOffset(), retiredBody.GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        Assert.Contains($"No published definition '{name}'", await start.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retire_PublishedVersionThatNoLongerValidates_RetiresAsStored()
    {
        // A version published when its activity type existed: validating it again (as retiring once did, by replaying
        // Publish) would refuse it for good.
        var name = "gone-" + Guid.NewGuid().ToString("N")[..6];
        var definition = WorkflowDefinitions.Read(JsonSerializer.Serialize(new
        {
            id = name, version = 1, name,
            flowchart = new
            {
                nodes = new object[] { new { id = "start", type = "Start" }, new { id = "x", type = "RemovedActivity" } },
                connections = new[] { new { source = "start", outcome = "Done", target = "x" } },
            },
        }));
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        var stored = await DefinitionStore.InsertAsync(db, DefinitionVersion.Rehydrate(definition, DefinitionStatus.Published, WorkflowDefinitions.Hash(definition)),
            hub.Group.Alpha.Id, hub.Group.Alpha.Path, hub.Service<TimeProvider>().GetUtcNow(), CancellationToken.None);
        using var admin = await hub.SignInAsync("alpha.admin");

        var retired = await admin.PostAsync($"/api/workflow-definitions/{stored!.Id}/retire", null);

        var body = await retired.Content.ReadAsStringAsync();
        Assert.True(retired.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("Retired", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        Assert.Equal(DefinitionStatus.Retired, (await DefinitionStore.FindAsync(db, stored.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Import_SameVersionTwice_SecondIsAConflictAndStoresNothing()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var name = "twice-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, WorkflowDocuments.Delay(name, "PT1H"));

        var again = await admin.PostAsJsonAsync("/api/workflow-definitions/import",
            new { organisationId = hub.Group.Alpha.Id, document = WorkflowDocuments.Delay(name, "PT2H") });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"Definition '{name}' version 1 already exists for this organisation.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions?organisationId={hub.Group.Alpha.Id}");
        Assert.Single(listed.EnumerateArray(), d => d.GetProperty("definitionId").GetString() == name);
    }
}
