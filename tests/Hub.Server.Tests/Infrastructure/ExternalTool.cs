using System.Diagnostics;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>
/// Independent tools (openssl …) that check our output. Missing locally, a test says so and stops; under CI=true
/// a missing tool fails the test, because CI must prove the check ran.
/// </summary>
internal static class ExternalTool
{
    public static bool Available(string tool, ITestOutputHelper output)
    {
        var found = Environment.GetEnvironmentVariable("PATH")!.Split(':')
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
        if (found)
        {
            return true;
        }

        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{tool} is required under CI=true (./hub test installs it).");
        output.WriteLine($"SKIPPED: {tool} is not installed; this check did not run.");
        return false;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
