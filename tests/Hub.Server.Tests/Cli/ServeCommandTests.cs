using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Database;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// <c>hub serve</c> as a user runs it: first start seeds and prints credentials, SIGKILL leaves nothing that
/// blocks the next start, data survives, and a clean stop leaves no PostgreSQL behind.
/// </summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-serve-test-").FullName;

    [Fact]
    public async Task Serve_KilledAndRestarted_RecoversDatabaseKeepsDataAndStopsCleanly()
    {
        var url = $"http://127.0.0.1:{LoopbackPort.AnyFree()}";
        using var client = new HttpClient { BaseAddress = new Uri(url) };

        using (var first = HubProcess.Start("serve", "--data-dir", _data, "--urls", url))
        {
            await WaitReadyAsync(client, first);
            Assert.Contains("Demo group seeded", first.Output, StringComparison.Ordinal);
            var credentials = Path.Combine(_data, "demo-credentials.txt");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentials));
            Assert.Equal(9, await CountOrganisationsAsync(url));
            first.Signal("KILL");
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        using (var second = HubProcess.Start("serve", "--data-dir", _data, "--urls", url))
        {
            await WaitReadyAsync(client, second);
            Assert.DoesNotContain("Demo group seeded", second.Output, StringComparison.Ordinal);
            Assert.Equal(9, await CountOrganisationsAsync(url));
            second.Signal("TERM");
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await ServerProcesses.WaitUntilAsync(() => ServerProcesses.PostgresFor(Path.Combine(_data, "pg")).Count == 0,
            TimeSpan.FromSeconds(10), "every PostgreSQL process to exit after a clean stop");
    }

    [Theory]
    [InlineData(2, "serve", "--bogus")]
    [InlineData(2, "serve", "--urls")]
    [InlineData(2, "migrate")]
    [InlineData(2, "serve", "--connection", "not a connection string")]
    [InlineData(1, "migrate", "--connection", "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=2")]
    [InlineData(1, "migrate", "--connection", "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=2", "--runtime-role", "Hub Runtime")]
    [InlineData(2, "serve", "--migrate-connection", "Host=127.0.0.1;Database=x;Username=x;Password=x")]
    [InlineData(2, "serve", "--connection", "Host=127.0.0.1;Database=x;Username=x;Password=x", "--migrate-connection", "not a connection string")]
    [InlineData(2, "no-such-verb")]
    public async Task Cli_BadInput_OneLineOnStderrAndNonZeroExit(int exitCode, params string[] arguments)
    {
        var (code, _, error) = await HubProcess.RunAsync(arguments);
        Assert.Equal(exitCode, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("hub: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WithRuntimeRole_CreatesTheRoleAndGrantsIt()
    {
        // The test database's superuser may create roles; a fresh role per run keeps reruns apart.
        var database = await TestPostgres.CreateDatabaseAsync(migrated: false);
        var role = "hub_cli_" + Guid.NewGuid().ToString("N")[..8];
        var (code, _, error) = await HubProcess.RunAsync("migrate", "--connection", database, "--runtime-role", role);
        Assert.True(code == 0, error);
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT has_table_privilege($1, 'hub.workflow_journal', 'INSERT') AND NOT has_table_privilege($1, 'hub.workflow_journal', 'UPDATE') " +
            "AND has_table_privilege($1, 'hangfire.job', 'UPDATE') AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = $1)", connection);
        command.Parameters.AddWithValue(role);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        foreach (var pid in ServerProcesses.PostgresFor(_data))
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }

        Directory.Delete(_data, recursive: true);
    }

    private static async Task WaitReadyAsync(HttpClient client, HubProcess hub)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("hub serve did not become ready:\n" + hub.Output + hub.Error);
            }

            await Task.Delay(200);
        }
    }

    private async Task<int> CountOrganisationsAsync(string url)
    {
        var line = File.ReadLines(Path.Combine(_data, "demo-credentials.txt")).First(l => l.StartsWith("hq.admin ", StringComparison.Ordinal));
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "hq.admin", password = line.Split(' ')[1] });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return (await client.GetFromJsonAsync<JsonElement>("/api/organisations")).GetArrayLength();
    }
}
