using System.Net;
using System.Net.Http.Json;
using Hub.Server.Hosting;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>
/// A real Hub node for a test class: Kestrel on a loopback port, its own database in the run's PostgreSQL, the
/// production pipeline, and a <see cref="TestGroup"/>. Tests talk to it over HTTP like any client.
/// </summary>
public class HubServerFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private string? _dataDirectory;

    internal TestGroup Group { get; private set; } = null!;

    internal CapturedLogs Logs { get; } = new();

    /// <summary>The node's database as the cluster's superuser: tests read and arrange rows with it.</summary>
    internal string ConnectionString { get; private set; } = null!;

    /// <summary>The node's database as the runtime role the node serves on (not a superuser, owns nothing).</summary>
    internal string RuntimeConnectionString { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Nodes under test convert documents rarely: their LibreOffice pool starts on first use, not with every
        // fixture (set here, the environment also reaches the serve processes tests start).
        Environment.SetEnvironmentVariable("Documents__WarmOnStart", "false");
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        RuntimeConnectionString = TestPostgres.AsRuntimeRole(ConnectionString);
        _dataDirectory = Directory.CreateTempSubdirectory("hub-server-test-").FullName;
        // As `hub serve` does: the owner migrates and grants, the node serves on the runtime role.
        _app = HubWebApplication.Build(new HubServerOptions
        {
            ConnectionString = RuntimeConnectionString,
            MigrationConnectionString = TestPostgres.AsOwner(ConnectionString),
            Urls = "http://127.0.0.1:0",
            DataDirectory = _dataDirectory,
            SeedDemo = SeedsDemo,
        }, builder =>
        {
            builder.Logging.AddProvider(Logs);
            Configure(builder);
        });
        await HubWebApplication.PrepareAsync(_app, CancellationToken.None);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        if (!SeedsDemo)
        {
            await using var db = NewDbContext();
            Group = await TestGroup.CreateAsync(db);
        }
    }

    /// <summary>Whether the node seeds the demo group as a first <c>./hub serve</c> does (then <see cref="Group"/> is unset).</summary>
    protected virtual bool SeedsDemo => false;

    /// <summary>The node's data directory.</summary>
    internal string DataDirectory => _dataDirectory!;

    /// <summary>Lets a derived fixture change the node's configuration before it is built.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    internal HubDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<HubDbContext>().UseNpgsql(ConnectionString).Options);

    internal T Service<T>() where T : notnull => _app!.Services.GetRequiredService<T>();

    public HttpClient Anonymous() => new(new HttpClientHandler { UseCookies = false }) { BaseAddress = BaseAddress };

    public async Task<HttpClient> SignInAsync(string userName, string password = TestGroup.Password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"sign-in of {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public HttpClient Signed(string keyId, string secret, Func<DateTimeOffset>? clock = null) =>
        new(new SigningHandler(keyId, secret, clock ?? (() => DateTimeOffset.UtcNow)) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = BaseAddress,
        };
}
