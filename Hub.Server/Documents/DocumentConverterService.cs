using System.Diagnostics;
using Hub.Activities.Documents.Conversion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Documents;

/// <summary>
/// The node's one LibreOffice converter pool. Its processes are started when the node starts (in the background, so
/// the listener is not held up), never by the first document of a request. Without LibreOffice the node still
/// starts: one warning is logged and every conversion fails with the message saying what to install. The check is
/// repeated on use, so a node whose LibreOffice was installed after start does not need the warning to be stale.
/// </summary>
internal sealed class DocumentConverterService(DocumentOptions options, ILogger<DocumentConverterService> logger) : IHostedService, IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private DocumentConverterPool? pool;
    private Task? warming;
    private bool warned;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.WarmOnStart)
        {
            TryCreate();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>The warm pool; waits for the start-up warm-up when it is still running.</summary>
    /// <exception cref="DocumentConversionException">LibreOffice or its Python bridge is not installed.</exception>
    public async Task<DocumentConverterPool> PoolAsync(CancellationToken cancellationToken)
    {
        var (current, warm) = TryCreate();
        if (current is null)
        {
            throw new DocumentConversionException(MissingReason()!);
        }

        await warm!.WaitAsync(cancellationToken);
        return current;
    }

    public async ValueTask DisposeAsync()
    {
        DocumentConverterPool? current;
        lock (gate)
        {
            current = pool;
            pool = null;
        }

        if (current is not null)
        {
            await stopping.CancelAsync();
            await current.DisposeAsync();
        }
    }

    private (DocumentConverterPool? Pool, Task? Warming) TryCreate()
    {
        lock (gate)
        {
            if (pool is not null || stopping.IsCancellationRequested)
            {
                return (pool, warming);
            }

            if (MissingReason() is { } reason)
            {
                if (!warned)
                {
                    warned = true;
                    Log.ConverterUnavailable(logger, reason);
                }

                return (null, null);
            }

            var defaults = new DocumentConverterOptions();
            pool = new DocumentConverterPool(new DocumentConverterOptions
            {
                Workers = options.ConverterWorkers ?? defaults.Workers,
                SofficePath = options.SofficePath ?? defaults.SofficePath,
                PythonPath = options.PythonPath ?? defaults.PythonPath,
            });
            warming = WarmAsync(pool, options.ConverterWorkers ?? defaults.Workers);
            return (pool, warming);
        }
    }

    private async Task WarmAsync(DocumentConverterPool started, int workers)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await started.StartAsync(stopping.Token);
            Log.ConverterWarm(logger, workers, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is DocumentConversionException or OperationCanceledException)
        {
            // A worker that failed to start is started again by its first document; the pool stays usable.
            if (!stopping.IsCancellationRequested)
            {
                Log.ConverterWarmUpFailed(logger, e);
            }
        }
    }

    private string? MissingReason()
    {
        var defaults = new DocumentConverterOptions();
        var soffice = options.SofficePath ?? defaults.SofficePath;
        var python = options.PythonPath ?? defaults.PythonPath;
        if (!File.Exists(soffice))
        {
            return $"LibreOffice is not installed: '{soffice}' does not exist (Debian: apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk).";
        }

        return File.Exists(python)
            ? null
            : $"The Python for LibreOffice's UNO bridge is not installed: '{python}' does not exist (Debian: apt-get install python3-uno).";
    }
}
