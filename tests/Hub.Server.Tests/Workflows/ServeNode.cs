using System.Net;
using System.Net.Http.Json;
using Hub.Server.Database;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Workflows;

/// <summary>A real <c>hub serve</c> process on a loopback port, and clients signed in to it as demo users (their
/// passwords read from the data directory's demo-credentials.txt).</summary>
internal sealed class ServeNode : IDisposable
{
    private ServeNode(HubProcess process, Uri url, string dataDirectory)
    {
        Process = process;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public HubProcess Process { get; }

    public Uri Url { get; }

    public string DataDirectory { get; }

    public static ServeNode Start(string dataDirectory, params string[] extra) => Start(dataDirectory, new Dictionary<string, string>(), extra);

    public static ServeNode Start(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var url = new Uri($"http://127.0.0.1:{LoopbackPort.AnyFree()}");
        return new ServeNode(HubProcess.Start(environment, ["serve", "--data-dir", dataDirectory, "--urls", url.ToString().TrimEnd('/'), .. extra]), url,
            dataDirectory);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
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
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Assert.True(clock.Elapsed < timeout && ServerProcesses.IsAlive(Process.Id), $"hub serve on {Url} did not become ready:\n{Process.Output}\n{Process.Error}");
            await Task.Delay(100);
        }
    }

    /// <summary>Signs in with the demo password the seeding node wrote into <paramref name="credentialsDirectory"/> (default: this node's data directory).</summary>
    public async Task<HttpClient> SignInAsync(string userName, string? credentialsDirectory = null)
    {
        var line = File.ReadLines(Path.Combine(credentialsDirectory ?? DataDirectory, "demo-credentials.txt")).First(l => l.StartsWith(userName + " ", StringComparison.Ordinal));
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(20) };
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = line.Split(' ')[1] });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {userName}: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power.</summary>
    public async Task KillAsync()
    {
        Process.Signal("KILL");
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => Process.Dispose();
}
