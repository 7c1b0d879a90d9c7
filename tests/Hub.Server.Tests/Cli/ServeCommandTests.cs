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
    [InlineData(2, "no-such-verb")]
    public async Task Cli_BadInput_OneLineOnStderrAndNonZeroExit(int exitCode, params string[] arguments)
    {
        var (code, _, error) = await HubProcess.RunAsync(arguments);
        Assert.Equal(exitCode, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("hub: ", line, StringComparison.Ordinal);
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
