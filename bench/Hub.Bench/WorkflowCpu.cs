using System.Diagnostics;
using System.Globalization;

namespace Hub.Bench;

/// <summary>CPU time consumed so far by the serve process, by its PostgreSQL (postmaster and the backends it
/// forked), and by this bench process: where the time of a phase goes.</summary>
internal sealed record WorkflowCpu(double HubMs, double PostgresMs, double BenchMs)
{
    // Linux reports utime/stime in clock ticks; USER_HZ is 100 on every Linux ABI .NET runs on.

    public WorkflowCpu Minus(WorkflowCpu earlier) => new(HubMs - earlier.HubMs, PostgresMs - earlier.PostgresMs, BenchMs - earlier.BenchMs);

    public static WorkflowCpu Sample(int hubProcessId, string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "pg", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var postgres = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)
                && ProcessStat.Read(pid) is { } stat && (pid == postmaster || stat.Parent == postmaster))
            {
                postgres += stat.Ms;
            }
        }

        using var self = Process.GetCurrentProcess();
        return new WorkflowCpu(ProcessStat.Read(hubProcessId)?.Ms ?? 0, postgres, self.TotalProcessorTime.TotalMilliseconds);
    }
}
