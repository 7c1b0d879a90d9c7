using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Hub.Trust.Signing;

namespace Hub.Bench;

/// <summary>
/// One seal per operation on a 100 KB and a 10 MB PDF: PAdES B-B, B-T against the local TSA, and poppler's
/// <c>pdfsig -add-signature</c> on the same file (process start included, as a caller pays it).
/// <c>dotnet run -c Release --project bench/Hub.Bench -- --filter '*Sign*'</c>. Each seal starts from the unsigned
/// file and writes a real file in the temporary directory, as <c>./hub pdf sign</c> does; the input buffer is
/// allocated once, so the allocated bytes per operation are what one seal costs beyond the file itself.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 12)]
public class SignBenchmarks
{
    private SignDocuments _documents = null!;
    private byte[] _pdf = [];
    private string _directory = string.Empty;
    private FileStream _output = null!;
    private PdfSigner _signer = null!;
    private PdfSealRequest _baselineB = null!;
    private PdfSealRequest _baselineT = null!;
    private string _input = string.Empty;
    private string _nss = string.Empty;
    private string _nickname = string.Empty;

    /// <summary>Approximate file size in bytes.</summary>
    [Params(100_000, 10_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _documents = new SignDocuments();
        _pdf = SignDocuments.Generate(Size);
        _directory = Directory.CreateTempSubdirectory("hub-bench-sign-").FullName;
        _input = Path.Combine(_directory, "in.pdf");
        File.WriteAllBytes(_input, _pdf);
        _output = new FileStream(Path.Combine(_directory, "out.pdf"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        _signer = new PdfSigner(_documents.Timestamps);
        _baselineB = _documents.Request(PadesLevel.BaselineB);
        _baselineT = _documents.Request(PadesLevel.BaselineT);
        (_nss, _nickname) = PdfsigDatabase.Create(_directory, _documents);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _output.Dispose();
        _documents.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<string> SealBaselineB() => SealAsync(_baselineB);

    [Benchmark]
    public Task<string> SealBaselineT() => SealAsync(_baselineT);

    [Benchmark]
    public int PdfsigAddSignature()
    {
        var output = Path.Combine(_directory, "pdfsig.pdf");
        File.Delete(output);
        var start = new ProcessStartInfo("pdfsig") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-nssdir", _nss, "-add-signature", "-nick", _nickname, "-new-signature-field-name", "Seal1", _input, output])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? process.ExitCode : throw new InvalidOperationException("pdfsig failed: " + error);
    }

    private async Task<string> SealAsync(PdfSealRequest request)
    {
        _output.SetLength(0);
        _output.Position = 0;
        return await _signer.SealAsync(_pdf, _output, request);
    }
}
