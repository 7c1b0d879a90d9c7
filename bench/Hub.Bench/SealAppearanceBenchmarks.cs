using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Hub.Trust.Appearances;
using Hub.Trust.Signing;

namespace Hub.Bench;

/// <summary>
/// What drawing the seal for every use costs, as the sealing path does today (SealApplication draws the seal's
/// appearance afresh for each ApplySeal): drawing a 40 mm finance seal of 华东贸易有限公司 alone, and a B-T seal on the
/// 100 KB PDF of <see cref="SignBenchmarks"/> with the appearance drawn for that seal against one drawn once and reused.
/// <c>dotnet bench/Hub.Bench/bin/Release/net10.0/Hub.Bench.dll --filter '*SealAppearance*'</c>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 12)]
public class SealAppearanceBenchmarks
{
    private static readonly SealDescription Finance = new(SealKind.Finance, "华东贸易有限公司");
    private SignDocuments documents = null!;
    private byte[] pdf = [];
    private PdfSigner signer = null!;
    private SealAppearance reused = null!;
    private readonly MemoryStream output = new();

    [GlobalSetup]
    public void Setup()
    {
        documents = new SignDocuments();
        pdf = SignDocuments.Generate(100_000);
        signer = new PdfSigner(documents.Timestamps);
        reused = SealAppearances.Render(Finance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        output.Dispose();
        documents.Dispose();
    }

    [Benchmark]
    public double DrawFinanceSeal() => SealAppearances.Render(Finance).Width;

    [Benchmark(Baseline = true)]
    public Task<string> SealBaselineTReusedAppearance() => SealAsync(reused);

    [Benchmark]
    public Task<string> SealBaselineTDrawnPerSeal() => SealAsync(SealAppearances.Render(Finance));

    private async Task<string> SealAsync(SealAppearance appearance)
    {
        output.SetLength(0);
        var template = documents.Request(PadesLevel.BaselineT);
        var request = new PdfSealRequest
        {
            Certificate = template.Certificate, PrivateKey = template.PrivateKey, Chain = template.Chain, Level = PadesLevel.BaselineT,
            Placement = SealPlacement.OnPage(0, new(380, 60, 380 + appearance.Width, 60 + appearance.Height)), Appearance = appearance,
        };
        return await signer.SealAsync(pdf, output, request);
    }
}
