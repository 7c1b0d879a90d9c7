using System.Diagnostics;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pki;

/// <summary>Runs the openssl command-line tool (no shell) as an independent check of what Hub.Trust produces.</summary>
internal static class OpenSsl
{
    private static readonly Lazy<string?> Executable = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "openssl"))
            .FirstOrDefault(File.Exists));

    /// <summary>
    /// True when openssl can run. Otherwise the test reports itself skipped through <paramref name="output"/> and returns
    /// early, except under CI=true, where a missing tool is a failure.
    /// </summary>
    public static bool IsAvailable(ITestOutputHelper output)
    {
        if (Executable.Value is not null)
        {
            return true;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("openssl is not installed, and CI=true requires every independent check to run (apt-get install -y openssl).");
        }

        output.WriteLine("SKIPPED: openssl is not installed (apt-get install -y openssl).");
        return false;
    }

    public static async Task<OpenSslResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value ?? "openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new OpenSslResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs openssl and fails the test, showing its output, when it exits non-zero.</summary>
    public static async Task<string> RunCheckedAsync(string workingDirectory, params string[] arguments)
    {
        var result = await RunAsync(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StdOut} {result.StdErr}");
        return result.StdOut + result.StdErr;
    }
}

internal sealed record OpenSslResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;
}
