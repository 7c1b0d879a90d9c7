using System.Diagnostics;
using System.Text;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>The real <c>hub</c> command (Hub.Server.dll run by <c>dotnet</c>), as <c>./hub</c> runs it.</summary>
internal sealed class HubProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private HubProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_error) { _error.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public string Error { get { lock (_error) { return _error.ToString(); } } }

    public static HubProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts the command with <paramref name="environment"/> set on top of the test defaults (e.g. HUB_MASTER_KEY).</summary>
    public static HubProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hub.Server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("HUB_MASTER_KEY");
        // serve processes under test do not convert documents; no LibreOffice pool at start.
        start.Environment["Documents__WarmOnStart"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new HubProcess(Process.Start(start)!);
    }

    /// <summary>Runs a command to completion and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var hub = Start(arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await hub._process.WaitForExitAsync(timeout.Token);
        hub._process.WaitForExit();
        return (hub._process.ExitCode, hub.Output, hub.Error);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
