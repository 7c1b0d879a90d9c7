using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Hub.Testing;

/// <summary>
/// Independent tools (openssl, qpdf, pdfsig, soffice, chromium …) and inputs (../shared) that check our output.
/// The rule for all of them: missing locally, the test says so in its output and returns; under CI=true a missing one
/// fails the test, because CI must prove the check ran.
/// </summary>
public static class ExternalTool
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Whether this run is CI (CI=true), where nothing may be skipped.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tool's full path: itself when given as a path and present, else the first match on PATH; null when absent.</summary>
    public static string? Find(string tool)
    {
        if (tool.Contains('/'))
        {
            return File.Exists(tool) ? tool : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Whether <paramref name="tool"/> (a name on PATH or a full path) is installed; applies the CI rule when not.</summary>
    /// <param name="install">How to install it, shown in the message (an apt-get line).</param>
    public static bool Available(string tool, ITestOutputHelper output, string? install = null) =>
        Require(Find(tool) is not null, install is null ? tool : $"{tool} ({install})", output);

    /// <summary>Whether every file exists (fonts, tools at fixed paths); applies the CI rule to the missing ones.</summary>
    public static bool FilesExist(ITestOutputHelper output, string install, params string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        return Require(missing.Count == 0, $"{string.Join(", ", missing)} ({install})", output);
    }

    /// <summary>
    /// The CI rule itself: true when <paramref name="present"/>; otherwise fails the test under CI=true, or writes
    /// "SKIPPED: … is missing" to the test output and returns false so the test can return.
    /// </summary>
    public static bool Require(bool present, string what, ITestOutputHelper output)
    {
        if (present)
        {
            return true;
        }

        Assert.False(IsCi, $"{what} is missing, and CI=true requires every check to run.");
        output.WriteLine($"SKIPPED: {what} is missing; this check did not run.");
        return false;
    }

    /// <summary>Runs a tool without a shell and returns how it exited; a tool that hangs is killed and throws.</summary>
    public static Task<ToolResult> RunAsync(string tool, params string[] arguments) => RunInAsync(null, tool, arguments);

    /// <summary><see cref="RunAsync"/> in <paramref name="workingDirectory"/> (null: the current one).</summary>
    public static async Task<ToolResult> RunInAsync(string? workingDirectory, string tool, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(workingDirectory, tool, arguments)) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(TimedOut(tool, arguments));
        }

        return new ToolResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs a tool and fails the test, showing its output, unless it exits 0; returns its standard output.</summary>
    public static Task<string> RunCheckedAsync(string tool, params string[] arguments) => RunCheckedInAsync(null, tool, arguments);

    /// <summary><see cref="RunCheckedAsync"/> in <paramref name="workingDirectory"/> (null: the current one).</summary>
    public static async Task<string> RunCheckedInAsync(string? workingDirectory, string tool, params string[] arguments)
    {
        var result = await RunInAsync(workingDirectory, tool, arguments).ConfigureAwait(false);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
        return result.StdOut;
    }

    /// <summary>
    /// Runs a tool without a shell, blocking: for checks inside synchronous code (theory data, <c>Task.Run</c> fan-outs).
    /// A tool that hangs is killed and throws.
    /// </summary>
    public static ToolResult Run(string tool, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(null, tool, arguments)) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(TimedOut(tool, arguments));
        }

        return new ToolResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static ProcessStartInfo StartInfo(string? workingDirectory, string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(Find(tool) ?? tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string TimedOut(string tool, string[] arguments) =>
        $"{tool} {string.Join(' ', arguments)} did not finish within {DefaultTimeout.TotalSeconds} s.";
}
