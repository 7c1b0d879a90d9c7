using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Hub.Activities.Documents.Conversion;

/// <summary>
/// One warm LibreOffice (soffice.bin with its own profile, listening on a private named pipe) and the Python UNO
/// bridge that drives it. Not thread-safe: a pool worker owns it. Any failure that leaves the pair in an unknown
/// state (timeout, cancellation, a crash) kills both, and the worker starts a fresh pair for the next document.
/// </summary>
internal sealed class ConverterProcess : IDisposable
{
    private readonly Process soffice;
    private readonly Process bridge;
    private readonly string directory;
    private bool disposed;

    private ConverterProcess(Process soffice, Process bridge, string directory)
    {
        this.soffice = soffice;
        this.bridge = bridge;
        this.directory = directory;
    }

    public int Documents { get; private set; }

    public int ProcessId => soffice.Id;

    public bool HasExited => disposed || soffice.HasExited || bridge.HasExited;

    /// <summary>Resident set size of soffice.bin in bytes (VmRSS in /proc/pid/status), or 0 when unreadable.</summary>
    public long MemoryBytes
    {
        get
        {
            try
            {
                var line = File.ReadLines($"/proc/{soffice.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
                return kb is null ? 0 : long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }

    public static async Task<ConverterProcess> StartAsync(DocumentConverterOptions options, string directory,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var script = Path.Combine(directory, UnoBridgeScript.FileName);
        await File.WriteAllTextAsync(script, UnoBridgeScript.Source, cancellationToken).ConfigureAwait(false);
        var pipe = "hub-lo-" + Guid.NewGuid().ToString("N");
        var profile = new Uri(Path.Combine(directory, "profile") + "/").AbsoluteUri;

        await InitialiseProfileAsync(options, profile, cancellationToken).ConfigureAwait(false);
        var sofficeStart = new ProcessStartInfo(options.SofficePath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "-env:UserInstallation=" + profile, "--headless", "--invisible", "--nologo", "--norestore",
                     "--nodefault", "--nolockcheck", "--nofirststartwizard",
                     $"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
                 })
        {
            sofficeStart.ArgumentList.Add(argument);
        }

        var soffice = Process.Start(sofficeStart)
            ?? throw new DocumentConversionException($"LibreOffice ({options.SofficePath}) did not start.");
        Drain(soffice);
        Process? bridge = null;
        try
        {
            var bridgeStart = new ProcessStartInfo(options.PythonPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            bridgeStart.ArgumentList.Add(script);
            bridgeStart.ArgumentList.Add(pipe);
            bridgeStart.ArgumentList.Add(options.StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            bridge = Process.Start(bridgeStart)
                ?? throw new DocumentConversionException($"The UNO bridge ({options.PythonPath}) did not start.");
            ProcessWatchdog.KillWhenOwnerDies(soffice.Id, bridge.Id);
            var process = new ConverterProcess(soffice, bridge, directory);
            var ready = await process.ReadReplyAsync(options.StartTimeout + TimeSpan.FromSeconds(5), "start", cancellationToken)
                .ConfigureAwait(false);
            if (!ready.Ok)
            {
                throw new DocumentConversionException(
                    $"LibreOffice did not become ready: {ready.Error}{process.StandardErrorTail()}");
            }

            return process;
        }
        catch
        {
            Kill(soffice);
            if (bridge is not null)
            {
                Kill(bridge);
            }

            throw;
        }
    }

    /// <summary>
    /// soffice.bin started on an empty profile creates it and exits with code 81 asking to be restarted (the
    /// soffice wrapper script normally does that); a run with --terminate_after_init does this step up front.
    /// </summary>
    private static async Task InitialiseProfileAsync(DocumentConverterOptions options, string profile,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var start = new ProcessStartInfo(options.SofficePath)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
                     {
                         "-env:UserInstallation=" + profile, "--headless", "--invisible", "--nologo", "--norestore",
                         "--nodefault", "--nolockcheck", "--nofirststartwizard", "--terminate_after_init",
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)
                ?? throw new DocumentConversionException($"LibreOffice ({options.SofficePath}) did not start.");
            Drain(process);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.StartTimeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new DocumentConversionException(
                    $"LibreOffice start timed out after {options.StartTimeout.TotalSeconds:0.###} s while creating its profile; its process was killed.");
            }

            if (process.ExitCode != 81)
            {
                return;
            }
        }
    }

    public async Task ConvertAsync(string input, string output, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Documents++;
        var request = JsonSerializer.Serialize(new Dictionary<string, string> { ["in"] = input, ["out"] = output });
        try
        {
            await bridge.StandardInput.WriteLineAsync(request.AsMemory(), cancellationToken).ConfigureAwait(false);
            await bridge.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Dispose();
            throw new DocumentConversionException("LibreOffice conversion failed: the converter process ended.", e);
        }

        var reply = await ReadReplyAsync(timeout, "conversion", cancellationToken).ConfigureAwait(false);
        if (!reply.Ok)
        {
            throw new DocumentConversionException($"LibreOffice could not convert the document: {reply.Error}");
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Kill(bridge);
        Kill(soffice);
        bridge.Dispose();
        soffice.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A profile file still held by a dying process: the pool's work directory is removed at disposal.
        }
    }

    private async Task<(bool Ok, string? Error)> ReadReplyAsync(TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        string? line;
        try
        {
            line = await bridge.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A hung LibreOffice never answers: kill the pair so the Hub is never held by it.
            Dispose();
            throw new DocumentConversionException(
                $"LibreOffice {what} timed out after {timeout.TotalSeconds:0.###} s; its process was killed and will be replaced.");
        }
        catch (OperationCanceledException)
        {
            Dispose();
            throw;
        }

        if (line is null)
        {
            var tail = StandardErrorTail();
            Dispose();
            throw new DocumentConversionException($"LibreOffice {what} failed: the converter process ended.{tail}");
        }

        using var reply = JsonDocument.Parse(line);
        var ok = reply.RootElement.GetProperty("ok").GetBoolean();
        return (ok, ok ? null : reply.RootElement.GetProperty("error").GetString());
    }

    private string StandardErrorTail()
    {
        if (!bridge.HasExited)
        {
            return string.Empty;
        }

        var text = bridge.StandardError.ReadToEnd().Trim();
        return text.Length == 0 ? string.Empty : " " + (text.Length > 600 ? text[^600..] : text);
    }

    private static void Drain(Process process)
    {
        // LibreOffice may write warnings; unread pipes would eventually block it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
