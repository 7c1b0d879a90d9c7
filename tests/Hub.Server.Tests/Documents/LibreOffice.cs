using System.Diagnostics;

namespace Hub.Server.Tests.Documents;

/// <summary>Whether the node can convert documents here (libreoffice-writer-nogui, python3-uno). Missing locally, a
/// test says so and stops; under CI=true it fails, because CI must prove the conversion ran.</summary>
internal static class LibreOffice
{
    public const string Soffice = "/usr/lib/libreoffice/program/soffice.bin";

    public static bool Available(ITestOutputHelper output)
    {
        var missing = !File.Exists(Soffice) ? Soffice : !HasUno() ? "python3-uno (import uno)" : null;
        if (missing is null)
        {
            return true;
        }

        var message = $"SKIPPED: {missing} is missing (apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk); this check did not run.";
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", message);
        output.WriteLine(message);
        return false;
    }

    private static bool HasUno()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }

        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import uno"]) { RedirectStandardError = true })!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
