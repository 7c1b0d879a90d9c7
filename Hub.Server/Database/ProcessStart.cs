using System.Globalization;

namespace Hub.Server.Database;

/// <summary>When a process started (clock ticks since boot, /proc/PID/stat field 22): with the pid, an identity that survives pid reuse.</summary>
internal static class ProcessStart
{
    public static long? Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may contain spaces) start at field 3; starttime is field 22.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
