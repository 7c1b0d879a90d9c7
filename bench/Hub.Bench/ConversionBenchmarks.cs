using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Hub.Activities.Documents.Conversion;
using Hub.Activities.Documents.Templates;
using Hub.Testing;

namespace Hub.Bench;

/// <summary>
/// DOCX → PDF for the shipped 2-page procurement contract (parties, a line-item table, Chinese text, uppercase amount):
/// one warm LibreOffice worker of <see cref="DocumentConverterPool"/> against one cold <c>soffice --convert-to pdf</c>
/// process per document (profile already created, as shared/references/perf.md measured it). Every iteration is one
/// document, so the percentile columns are per-document latencies; documents per second is 1000 / mean (ms).
/// <c>dotnet run -c Release --project bench/Hub.Bench -- --filter '*Conversion*'</c>
/// </summary>
[Config(typeof(ConversionPercentileConfig))]
public class ConversionBenchmarks
{
    // The wrapper script, as a person or a naive converter runs it; it also handles the first-start restart.
    private const string Soffice = "/usr/bin/soffice";
    private byte[] docx = [];
    private DocumentConverterPool pool = null!;
    private string work = "";
    private string coldProfile = "";

    [GlobalSetup]
    public void Setup()
    {
        var templates = Path.Combine(SharedData.RepositoryRoot(), "workflows", "templates");
        var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(templates, "procurement-contract.sample.json"))).RootElement;
        docx = DocumentTemplate.Load(File.ReadAllBytes(Path.Combine(templates, "procurement-contract.docx"))).Render(data);
        work = Directory.CreateTempSubdirectory("hub-bench-convert-").FullName;
        coldProfile = new Uri(Path.Combine(work, "cold-profile")).AbsoluteUri;
        pool = new DocumentConverterPool(new DocumentConverterOptions { Workers = 1, WorkDirectory = Path.Combine(work, "pool") });
        pool.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        // The cold path's profile is created once here, so each measured run pays the process start only.
        ColdSoffice();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        pool.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(work, recursive: true);
    }

    /// <summary>One process per document: what a converter without a warm pool does.</summary>
    [Benchmark(Baseline = true)]
    public int ColdSoffice()
    {
        var input = Path.Combine(work, "cold.docx");
        var output = Path.Combine(work, "cold.pdf");
        File.WriteAllBytes(input, docx);
        File.Delete(output);
        var start = new ProcessStartInfo(Soffice)
        {
            ArgumentList = { "-env:UserInstallation=" + coldProfile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", work, input },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return File.Exists(output) ? (int)new FileInfo(output).Length : throw new InvalidOperationException("soffice wrote no PDF");
    }

    /// <summary>One document through the pool's warm worker.</summary>
    [Benchmark]
    public int WarmPool() => pool.ConvertToPdfAsync(docx, CancellationToken.None).GetAwaiter().GetResult().Length;
}
