using System.Net;
using Hub.Server.Hosting;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Api;

/// <summary>The built designer is served: its files as files, its client-side routes as index.html, the API untouched.</summary>
public sealed class DesignerHostingTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("hub-designer-test-").FullName;
    private Microsoft.AspNetCore.Builder.WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var web = Directory.CreateDirectory(Path.Combine(_root, "wwwroot")).FullName;
        Directory.CreateDirectory(Path.Combine(web, "assets"));
        await File.WriteAllTextAsync(Path.Combine(web, "index.html"), "<!doctype html><script src=\"/assets/app.js\"></script>");
        await File.WriteAllTextAsync(Path.Combine(web, "assets", "app.js"), "console.log('designer')");
        _app = HubWebApplication.Build(new HubServerOptions
        {
            ConnectionString = await TestPostgres.CreateDatabaseAsync(), Urls = "http://127.0.0.1:0",
            DataDirectory = Path.Combine(_root, "data"), SeedDemo = false, WebRoot = web,
        });
        await HubWebApplication.PrepareAsync(_app, CancellationToken.None);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    [Fact]
    public async Task Designer_FilesAreFilesAndClientRoutesAreIndex()
    {
        using var script = await _client.GetAsync("/assets/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("console.log('designer')", await script.Content.ReadAsStringAsync());

        foreach (var route in new[] { "/", "/organisations/123", "/seals" })
        {
            using var page = await _client.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("/assets/app.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var api = await _client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        using var missingAsset = await _client.GetAsync("/assets/missing.js");
        Assert.NotEqual("text/html", missingAsset.Content.Headers.ContentType?.MediaType);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
