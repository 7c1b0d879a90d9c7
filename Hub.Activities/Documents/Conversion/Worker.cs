namespace Hub.Activities.Documents.Conversion;

/// <summary>One slot of the pool: starts its LibreOffice on demand, converts through it, and replaces it when it
/// has converted enough documents, grown too large, or died.</summary>
internal sealed class Worker : IDisposable
{
    private readonly DocumentConverterOptions options;
    private readonly string directory;
    private readonly SemaphoreSlim gate = new(1, 1);
    private ConverterProcess? process;
    private int generation;

    public Worker(DocumentConverterOptions options, string directory)
    {
        this.options = options;
        this.directory = directory;
    }

    public int? ProcessId => process is { HasExited: false } p ? p.ProcessId : null;

    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StartIfNeededAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<byte[]> ConvertAsync(ReadOnlyMemory<byte> docx, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await StartIfNeededAsync(cancellationToken).ConfigureAwait(false);
            var id = Guid.NewGuid().ToString("N");
            var input = Path.Combine(directory, "jobs", id + ".docx");
            var output = Path.Combine(directory, "jobs", id + ".pdf");
            // The job files are the document in plaintext: owner-only folders (0700), and deleted right after.
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Path.GetDirectoryName(input)!);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(input)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            try
            {
                await File.WriteAllBytesAsync(input, docx, cancellationToken).ConfigureAwait(false);
                await current.ConvertAsync(input, output, options.ConversionTimeout, cancellationToken).ConfigureAwait(false);
                return await File.ReadAllBytesAsync(output, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(input);
                File.Delete(output);
                if (current.HasExited || current.Documents >= options.MaxDocumentsPerProcess
                                      || current.MemoryBytes > options.MaxProcessMemoryBytes)
                {
                    Recycle();
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => Recycle();

    private async Task<ConverterProcess> StartIfNeededAsync(CancellationToken cancellationToken)
    {
        if (process is { HasExited: false } running)
        {
            return running;
        }

        Recycle();
        // A fresh folder per process: a killed LibreOffice may leave a damaged profile behind.
        process = await ConverterProcess.StartAsync(options, Path.Combine(directory, "p" + ++generation), cancellationToken)
            .ConfigureAwait(false);
        return process;
    }

    private void Recycle()
    {
        process?.Dispose();
        process = null;
    }
}
