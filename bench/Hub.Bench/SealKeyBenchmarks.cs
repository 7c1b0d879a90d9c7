using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Hub.Bench;

/// <summary>
/// What opening a signing key for every use costs, as the sealing path does today (SealApplication opens the seal's
/// key and the platform's RSA-3072 key from the key store for each ApplySeal; the store imports the PKCS#8 each
/// time): one PKCS#1 v1.5 SHA-256 signature with a key imported for it, against one with a key kept open. The
/// AES-GCM unwrap and the database read of the store are left out: this is the import alone.
/// <c>dotnet bench/Hub.Bench/bin/Release/net10.0/Hub.Bench.dll --filter '*SealKey*'</c>
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 12)]
public class SealKeyBenchmarks
{
    private readonly byte[] hash = SHA256.HashData("sealed document"u8);
    private byte[] rsaPkcs8 = [];
    private byte[] ecPkcs8 = [];
    private RSA openRsa = null!;
    private ECDsa openEc = null!;

    [GlobalSetup]
    public void Setup()
    {
        openRsa = RSA.Create(3072);
        rsaPkcs8 = openRsa.ExportPkcs8PrivateKey();
        openEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ecPkcs8 = openEc.ExportPkcs8PrivateKey();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        openRsa.Dispose();
        openEc.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Rsa3072KeptOpen() => openRsa.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).Length;

    [Benchmark]
    public int Rsa3072ImportedPerUse()
    {
        using var key = RSA.Create();
        key.ImportPkcs8PrivateKey(rsaPkcs8, out _);
        return key.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).Length;
    }

    [Benchmark]
    public int EcdsaP256KeptOpen() => openEc.SignHash(hash).Length;

    [Benchmark]
    public int EcdsaP256ImportedPerUse()
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(ecPkcs8, out _);
        return key.SignHash(hash).Length;
    }
}
