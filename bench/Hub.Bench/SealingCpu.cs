using System.Globalization;

namespace Hub.Bench;

/// <summary>CPU time consumed so far by one process (the serve node, or this bench), by the PostgreSQL it runs
/// (postmaster and its backends), and by its other descendants: the converter pool's LibreOffice processes and their
/// Python bridges. Processes that exit within a phase take their time with them, so a phase should not recycle them.</summary>
internal sealed record SealingCpu(double ProcessMs, double PostgresMs, double ConverterMs)
{
    // Linux reports utime/stime in clock ticks; USER_HZ is 100 on every Linux ABI .NET runs on.

    public SealingCpu Minus(SealingCpu earlier) => new(ProcessMs - earlier.ProcessMs, PostgresMs - earlier.PostgresMs, ConverterMs - earlier.ConverterMs);

    /// <param name="root">The process whose descendants are counted.</param>
    /// <param name="postmaster">The embedded PostgreSQL's postmaster, or null when the root runs none.</param>
    public static SealingCpu Sample(int root, int? postmaster)
    {
        var processes = new Dictionary<int, (int Parent, double Ms)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && ProcessStat.Read(pid) is { } stat)
            {
                processes[pid] = stat;
            }
        }

        double own = 0, postgres = 0, converter = 0;
        foreach (var (pid, (parent, ms)) in processes)
        {
            if (pid == root)
            {
                own += ms;
            }
            else if (postmaster is { } pm && (pid == pm || parent == pm))
            {
                postgres += ms;
            }
            else if (DescendsFrom(pid, root, processes))
            {
                converter += ms;
            }
        }

        return new SealingCpu(own, postgres, converter);
    }

    private static bool DescendsFrom(int pid, int root, Dictionary<int, (int Parent, double Ms)> processes)
    {
        for (var hops = 0; hops < 64 && processes.TryGetValue(pid, out var stat); hops++)
        {
            if (stat.Parent == root)
            {
                return true;
            }

            pid = stat.Parent;
        }

        return false;
    }
}
