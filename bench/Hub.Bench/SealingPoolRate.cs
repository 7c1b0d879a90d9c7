using System.Diagnostics;
using System.Text.Json;
using Hub.Activities.Documents.Conversion;
using Hub.Activities.Documents.Templates;

namespace Hub.Bench;

/// <summary>What the warm pool did in one measurement: documents per second with every worker kept busy, the mean of
/// one document converted alone, and the converter's CPU per document.</summary>
internal sealed record SealingPoolResult(int Documents, TimeSpan Elapsed, double SerialMeanMs, double ConverterCpuMsPerDocument)
{
    public double PerSecond => Documents / Elapsed.TotalSeconds;
}

/// <summary>
/// The warm converter pool on its own, in this process: the same pool size as the node's and the same document the
/// flow generates (the shipped expense claim template filled with its sample data, which is the form the bench's
/// instances carry). DOCX → PDF only: the template is rendered once, before measuring. (The flow's evidence report is
/// written as PDF by the Hub itself, so the claim form is the flow's only conversion.)
/// </summary>
internal sealed class SealingPoolRate : IAsyncDisposable
{
    private readonly DocumentConverterPool pool;
    private readonly byte[] claim;
    private readonly int workers;

    private SealingPoolRate(DocumentConverterPool pool, byte[] claim, int workers)
    {
        this.pool = pool;
        this.claim = claim;
        this.workers = workers;
    }

    public static async Task<SealingPoolRate> StartAsync(string repositoryRoot, int workers, string workDirectory)
    {
        var templates = Path.Combine(repositoryRoot, "workflows", "templates");
        byte[] Filled(string name) => DocumentTemplate.Load(File.ReadAllBytes(Path.Combine(templates, name + ".docx")))
            .Render(JsonDocument.Parse(File.ReadAllText(Path.Combine(templates, name + ".sample.json"))).RootElement);
        var pool = new DocumentConverterPool(new DocumentConverterOptions { Workers = workers, WorkDirectory = workDirectory });
        await pool.StartAsync(CancellationToken.None);
        var started = new SealingPoolRate(pool, Filled("expense-reimbursement"), workers);
        // Warm-up, not counted: every worker's first documents load fonts and filters.
        await started.ConvertAsync(started.claim, 6 * workers, 2 * workers);
        return started;
    }

    /// <summary>Ten documents one at a time, then <paramref name="documents"/> with two submitted per worker, so a
    /// worker never waits for its next document.</summary>
    public async Task<SealingPoolResult> MeasureAsync(int documents)
    {
        var docx = claim;
        var serial = Stopwatch.StartNew();
        await ConvertAsync(docx, 10, 1);
        var serialMs = serial.Elapsed.TotalMilliseconds / 10;

        using var self = Process.GetCurrentProcess();
        var before = SealingCpu.Sample(self.Id, null);
        var clock = Stopwatch.StartNew();
        await ConvertAsync(docx, documents, 2 * workers);
        var elapsed = clock.Elapsed;
        var spent = SealingCpu.Sample(self.Id, null).Minus(before);
        return new SealingPoolResult(documents, elapsed, serialMs, spent.ConverterMs / documents);
    }

    public ValueTask DisposeAsync() => pool.DisposeAsync();

    private async Task ConvertAsync(byte[] docx, int documents, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < documents)
            {
                var pdf = await pool.ConvertToPdfAsync(docx, CancellationToken.None);
                if (pdf.Length == 0)
                {
                    throw new InvalidOperationException("the pool returned an empty PDF");
                }
            }
        })));
    }
}
