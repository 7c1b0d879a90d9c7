using System.Net;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Api;

/// <summary>The API describes itself: every route in the OpenAPI document with its access rule, and a browsable UI.</summary>
public sealed class OpenApiTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task OpenApiDocument_ListsEveryApiRouteWithWhoMayCallIt()
    {
        using var client = hub.Anonymous();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        foreach (var entry in EndpointCatalogue.All)
        {
            var path = entry.Route.TrimEnd('/');
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing from /openapi/v1.json");
            var operation = item.GetProperty(entry.Method.ToLowerInvariant());
            Assert.StartsWith("Who may call: ", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        }
    }

    [Fact]
    public async Task ApiUi_IsServedAtDocs()
    {
        using var client = hub.Anonymous();
        using var response = await client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/openapi/v1.json", await client.GetStringAsync("/docs/index.html") + await client.GetStringAsync("/docs/index.js"),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Health_DatabaseUnmigratedOrUnreachable_NotReadyButLive(bool reachable)
    {
        var connectionString = reachable
            ? await TestPostgres.CreateDatabaseAsync(migrated: false)
            : "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=2";
        var data = Directory.CreateTempSubdirectory("hub-health-test-").FullName;
        await using var app = Hub.Server.Hosting.HubWebApplication.Build(new Hub.Server.Hosting.HubServerOptions
        {
            ConnectionString = connectionString, Urls = "http://127.0.0.1:0", DataDirectory = data, SeedDemo = false,
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        await app.StopAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Health_LiveAlwaysAndReadyWhenMigrated()
    {
        using var client = hub.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
