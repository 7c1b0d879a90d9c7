using System.Diagnostics;
using Xunit.Abstractions;

namespace Hub.Activities.Tests.Documents;

/// <summary>Debian tools the document tests need (libreoffice-writer-nogui, python3-uno, poppler-utils, CJK fonts).
/// Missing locally: the test says so and returns. Missing under CI=true: the test fails.</summary>
internal static class ExternalTools
{
    public const string Soffice = "/usr/lib/libreoffice/program/soffice.bin";

    public static bool Available(ITestOutputHelper output, params string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (File.Exists("/usr/bin/python3") && paths.Contains(Soffice) && !HasUno())
        {
            missing.Add("python3-uno (import uno)");
        }

        if (missing.Count == 0)
        {
            return true;
        }

        var message = "skipped: missing " + string.Join(", ", missing)
            + " (apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-arphic-uming poppler-utils)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        output.WriteLine(message);
        return false;
    }

    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {stderr}");
        return stdout.Result;
    }

    private static bool HasUno()
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import uno"]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
