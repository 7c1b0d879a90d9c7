using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace Hub.Bench;

/// <summary>
/// A real <c>hub serve</c> process (Hub.Server.dll run by <c>dotnet</c>, as <c>./hub serve</c> runs it) on a loopback
/// port with its own data directory and embedded PostgreSQL, and clients signed in to it as demo users. Adapted from
/// the workflow tests' ServeNode/HubProcess.
/// </summary>
internal sealed class WorkflowServeNode : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private WorkflowServeNode(Process process, Uri url, string dataDirectory)
    {
        this.process = process;
        Url = url;
        DataDirectory = dataDirectory;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public string DataDirectory { get; }

    public int ProcessId => process.Id;

    /// <param name="environment">Settings for the node, e.g. <c>Workflows__WorkerLoops</c>; none by default.</param>
    public static WorkflowServeNode Start(string serverDll, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { serverDll, "serve", "--data-dir", dataDirectory, "--urls", url.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("HUB_MASTER_KEY");
        // Request logging at Information would measure the console, not the Hub.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new WorkflowServeNode(Process.Start(start) ?? throw new InvalidOperationException($"dotnet {serverDll} did not start"), url, dataDirectory);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"hub serve on {Url} did not become ready within {timeout.TotalSeconds} s:\n{Log}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Signs in as a demo user (password from the data directory's demo-credentials.txt); the client keeps
    /// its own session cookie, as one browser would.</summary>
    public async Task<HttpClient> SignInAsync(string userName)
    {
        var line = File.ReadLines(Path.Combine(DataDirectory, "demo-credentials.txt")).First(l => l.StartsWith(userName + " ", StringComparison.Ordinal));
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var client = new HttpClient(handler) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = line.Split(' ')[1] });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            client.Dispose();
            throw new InvalidOperationException($"sign-in of {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    public string Log { get { lock (log) { return log.ToString(); } } }

    /// <summary>Stops the node with SIGTERM (a graceful shutdown also stops its embedded PostgreSQL).</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            using var term = Process.Start(new ProcessStartInfo("kill", $"-TERM {process.Id}") { UseShellExecute = false });
            term?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            // Only the tail matters when startup fails; a long run must not grow without bound.
            if (log.Length > 200_000)
            {
                log.Remove(0, 100_000);
            }

            log.AppendLine(line);
        }
    }
}
