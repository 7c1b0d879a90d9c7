using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Hub.Bench;

/// <summary>
/// The anchor of <see cref="SignBenchmarks"/>: one raw RSA-2048 PKCS#1 v1.5 signature over a SHA-256 hash, the
/// floor of any seal (perf.md §2). <c>dotnet run -c Release --project bench/Hub.Bench -- --filter '*SignRsa*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 12)]
public class SignRsaBenchmarks
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly byte[] _hash = SHA256.HashData("seal"u8);

    [Benchmark]
    public byte[] RawRsa2048Sign() => _key.SignHash(_hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();
}
