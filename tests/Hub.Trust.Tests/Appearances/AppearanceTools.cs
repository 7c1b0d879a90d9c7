using System.Diagnostics;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Appearances;

/// <summary>
/// The independent tools and the font the appearance tests need. A missing one makes the test report itself skipped
/// and return, except under CI=true, where it fails.
/// </summary>
internal static class AppearanceTools
{
    public const string UmingPath = "/usr/share/fonts/truetype/arphic/uming.ttc";

    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether AR PL UMing is installed, the font the default seal lettering uses.</summary>
    public static bool HasFont(ITestOutputHelper output) => Available(File.Exists(UmingPath), "AR PL UMing (apt-get install -y fonts-arphic-uming)", output);

    public static bool HasPdftoppm(ITestOutputHelper output) => Available(OnPath("pdftoppm") is not null, "pdftoppm (apt-get install -y poppler-utils)", output);

    public static bool HasChromium(ITestOutputHelper output) => Available(File.Exists(ChromiumPath), "chromium (apt-get install -y chromium)", output);

    public static string? OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a tool without a shell; fails the test with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stdout} {await stderr}");
        return await stdout;
    }

    /// <summary>A fresh directory under the system temp folder for one test's files.</summary>
    public static string NewDirectory(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hub-seal-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static bool Available(bool present, string what, ITestOutputHelper output)
    {
        if (present)
        {
            return true;
        }

        Assert.False(IsCi, $"{what} is missing, and CI=true requires every check to run.");
        output.WriteLine($"SKIPPED: {what} is missing.");
        return false;
    }
}
