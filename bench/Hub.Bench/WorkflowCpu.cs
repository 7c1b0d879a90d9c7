using System.Diagnostics;
using System.Globalization;

namespace Hub.Bench;

/// <summary>CPU time consumed so far by the serve process, by its PostgreSQL (postmaster and the backends it
/// forked), and by this bench process: where the time of a phase goes.</summary>
internal sealed record WorkflowCpu(double HubMs, double PostgresMs, double BenchMs)
{
    // Linux reports utime/stime in clock ticks; USER_HZ is 100 on every Linux ABI .NET runs on.
    private const double TickMs = 10;

    public WorkflowCpu Minus(WorkflowCpu earlier) => new(HubMs - earlier.HubMs, PostgresMs - earlier.PostgresMs, BenchMs - earlier.BenchMs);

    public static WorkflowCpu Sample(int hubProcessId, string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "pg", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var postgres = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat && (pid == postmaster || stat.Parent == postmaster))
            {
                postgres += stat.Ms;
            }
        }

        using var self = Process.GetCurrentProcess();
        return new WorkflowCpu(Stat(hubProcessId)?.Ms ?? 0, postgres, self.TotalProcessorTime.TotalMilliseconds);
    }

    /// <summary>Fields of /proc/PID/stat after the command name: state, ppid, …, utime (14th field), stime (15th).</summary>
    private static (int Parent, double Ms)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * TickMs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process ended between listing and reading.
            return null;
        }
    }
}
