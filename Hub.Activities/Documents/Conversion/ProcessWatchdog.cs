using System.Diagnostics;
using System.Globalization;

namespace Hub.Activities.Documents.Conversion;

/// <summary>
/// Kills helper processes when the process that started them dies without disposing them (SIGKILL, a crash):
/// a detached shell polls the owner and kills the helpers, but only while each still has the start time it had,
/// so a reused pid is never hit.
/// </summary>
internal static class ProcessWatchdog
{
    public static void KillWhenOwnerDies(params int[] helpers)
    {
        var targets = helpers.Select(pid => (pid, start: StartTime(pid))).Where(t => t.start is not null).ToList();
        var script =
            "owner=$1; shift; while kill -0 \"$owner\" 2>/dev/null; do sleep 1; done; " +
            "while [ $# -gt 1 ]; do " +
            "  if [ \"$(cut -d' ' -f22 /proc/$1/stat 2>/dev/null)\" = \"$2\" ]; then kill -KILL \"$1\" 2>/dev/null; fi; shift 2; " +
            "done";
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "sh", "-c", script, "hub-lo-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (pid, started) in targets)
        {
            start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(started!);
        }

        using var watchdog = Process.Start(start);
    }

    private static string? StartTime(int pid)
    {
        try
        {
            // Field 22 counted from the start is safe to cut here: soffice.bin and python3 have no spaces in their names.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
