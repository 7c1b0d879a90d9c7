using System.Diagnostics;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>Finds PostgreSQL server processes by data directory, as an operator would with <c>pgrep -f</c>.</summary>
internal static class ServerProcesses
{
    public static IReadOnlyList<int> PostgresFor(string dataDirectory) => Find("postgres", dataDirectory);

    public static IReadOnlyList<int> WatchdogsFor(string dataDirectory) => Find("hub-pg-watchdog", dataDirectory);

    private static IReadOnlyList<int> Find(string program, string dataDirectory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(program, StringComparison.Ordinal) &&
                    commandLine.Contains(dataDirectory, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking every 100 ms, or fails after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>A process that lives until killed, to stand in for a Hub whose death the watchdog must notice.</summary>
    public static Process StartStandIn() =>
        Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
}
