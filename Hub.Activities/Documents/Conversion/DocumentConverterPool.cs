using System.Threading.Channels;

namespace Hub.Activities.Documents.Conversion;

/// <summary>
/// Converts .docx to PDF with a pool of warm LibreOffice processes (a cold start costs ~0.85 s per document, a warm
/// one ~60 ms: shared/references/perf.md). Requests wait in a bounded queue; a full queue is refused at once. Each
/// worker owns one process with its own profile, replaced after <see cref="DocumentConverterOptions.MaxDocumentsPerProcess"/>
/// documents or when its memory passes <see cref="DocumentConverterOptions.MaxProcessMemoryBytes"/>; a conversion
/// that exceeds its timeout has its process killed, so LibreOffice never hangs the Hub.
/// </summary>
public sealed class DocumentConverterPool : IAsyncDisposable
{
    private readonly DocumentConverterOptions options;
    private readonly Channel<Job> queue;
    private readonly Worker[] workers;
    private readonly string root;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task[] loops;

    /// <summary>Creates the pool; processes start with <see cref="StartAsync"/> or on the first document.</summary>
    public DocumentConverterPool(DocumentConverterOptions? options = null)
    {
        this.options = options ?? new DocumentConverterOptions();
        if (this.options.Workers < 1 || this.options.QueueCapacity < 1)
        {
            throw new ArgumentException("A converter pool needs at least one worker and a queue capacity of at least one.", nameof(options));
        }

        root = this.options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "hub-convert-" + Guid.NewGuid().ToString("N"));
        queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(this.options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        workers = Enumerable.Range(0, this.options.Workers)
            .Select(i => new Worker(this.options, Path.Combine(root, "worker-" + i))).ToArray();
        loops = workers.Select(w => Task.Run(() => RunAsync(w))).ToArray();
    }

    /// <summary>Starts every worker's LibreOffice now, so the first documents do not pay the cold start.</summary>
    /// <exception cref="DocumentConversionException">LibreOffice or its Python bridge is missing or does not start.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureInstalled();
        await Task.WhenAll(workers.Select(w => w.EnsureStartedAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Converts a .docx to PDF with embedded fonts.</summary>
    /// <exception cref="DocumentConversionException">LibreOffice is missing, the queue is full, the conversion timed
    /// out, or LibreOffice reported an error.</exception>
    public Task<byte[]> ConvertToPdfAsync(ReadOnlyMemory<byte> docx, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        EnsureInstalled();
        if (docx.Length > options.MaxInputBytes)
        {
            throw new DocumentConversionException(
                $"The document has {docx.Length} bytes, more than the converter's limit of {options.MaxInputBytes}.");
        }

        var job = new Job(docx, cancellationToken);
        if (!queue.Writer.TryWrite(job))
        {
            throw new DocumentConversionException(
                $"The conversion queue is full ({options.QueueCapacity} documents waiting for {options.Workers} LibreOffice workers); try again later.");
        }

        return job.Result.Task;
    }

    /// <summary>Stops the workers, kills their processes and deletes their profiles.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        queue.Writer.TryComplete();
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        while (queue.Reader.TryRead(out var job))
        {
            job.Result.TrySetException(new ObjectDisposedException(nameof(DocumentConverterPool)));
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never started.
        }

        stopping.Dispose();
    }

    /// <summary>The process ids of the running LibreOffice processes, for tests of recycling and timeouts.</summary>
    internal IReadOnlyList<int> LiveProcessIds() =>
        workers.Select(w => w.ProcessId).OfType<int>().ToList();

    private void EnsureInstalled()
    {
        if (!File.Exists(options.SofficePath))
        {
            throw new DocumentConversionException(
                $"LibreOffice is not installed: '{options.SofficePath}' does not exist (Debian: apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk).");
        }

        if (!File.Exists(options.PythonPath))
        {
            throw new DocumentConversionException(
                $"The Python for LibreOffice's UNO bridge is not installed: '{options.PythonPath}' does not exist (Debian: apt-get install python3-uno).");
        }
    }

    private async Task RunAsync(Worker worker)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stopping.Token).ConfigureAwait(false))
            {
                if (job.CancellationToken.IsCancellationRequested)
                {
                    job.Result.TrySetCanceled(job.CancellationToken);
                    continue;
                }

                try
                {
                    job.Result.TrySetResult(await worker.ConvertAsync(job.Docx, job.CancellationToken).ConfigureAwait(false));
                }
                catch (OperationCanceledException e) when (job.CancellationToken.IsCancellationRequested)
                {
                    job.Result.TrySetCanceled(e.CancellationToken);
                }
                catch (Exception e)
                {
                    job.Result.TrySetException(e);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposal.
        }
    }

    private sealed record Job(ReadOnlyMemory<byte> Docx, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<byte[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
