using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Database;

/// <summary>The operating-system account PostgreSQL runs as when the Hub itself runs as root.</summary>
internal static class ServerAccount
{
    public const string Name = "postgres";

    /// <summary>Makes a file or directory tree belong to the server account.</summary>
    public static void GiveToServer(string path)
    {
        var start = new ProcessStartInfo("chown") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-R", Name + ":", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new EmbeddedPostgresException("Could not run chown.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"Could not give {path} to the '{Name}' account: {error.Trim()} (is the account missing? apt-get install postgresql-15 creates it)");
        }
    }

    /// <summary>
    /// The server account must be able to reach the data directory through every parent directory. A checkout
    /// under /root is closed to other accounts, so search permission (x, not read) is added where missing.
    /// </summary>
    public static void EnsureTraversable(string dataDirectory, ILogger logger)
    {
        for (var directory = Path.GetDirectoryName(dataDirectory); directory is not null;
             directory = Path.GetDirectoryName(directory))
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var mode = File.GetUnixFileMode(directory);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(directory, mode | UnixFileMode.OtherExecute);
                Log.EmbeddedPostgresOpenedPath(logger, directory);
            }
        }
    }
}
