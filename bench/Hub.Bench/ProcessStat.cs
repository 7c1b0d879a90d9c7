using System.Globalization;

namespace Hub.Bench;

/// <summary>A process's parent and CPU time from /proc, for the benches' CPU accounting.</summary>
internal static class ProcessStat
{
    /// <summary>USER_HZ: the kernel reports CPU time in ticks of 10 ms on Linux.</summary>
    private const double TickMs = 10;

    /// <summary>Fields of /proc/PID/stat after the command name: state, ppid, …, utime (14th field), stime (15th);
    /// null when the process is gone.</summary>
    public static (int Parent, double Ms)? Read(int pid)
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
