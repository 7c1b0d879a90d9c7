using System.Security.Cryptography;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Trust.Tests.Signing;

/// <summary>
/// Shared by the producer theory rows so the run stays short: one test PKI with its TSA, the five seal certificates
/// (RSA-2048, P-256, RSA-3072, P-384, RSA-2048; key generation is the slow part, RSA-3072 above a second here), and
/// the Chromium PDF that four producers start from. Every file is still sealed with five different certificates.
/// </summary>
public sealed class ProducerSealsFixture : IAsyncLifetime
{
    private static readonly KeyAlgorithm[] Algorithms = [KeyAlgorithm.Rsa2048, KeyAlgorithm.EcdsaP256, KeyAlgorithm.Rsa3072, KeyAlgorithm.EcdsaP384, KeyAlgorithm.Rsa2048];

    private readonly Lock _chromium = new();
    private byte[]? _chromiumPdf;

    internal SealingPki Pki { get; private set; } = null!;

    internal IReadOnlyList<(IssuedCertificate Issued, AsymmetricAlgorithm Key)> Seals { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Pki = await SealingPki.CreateAsync();
        var seals = new List<(IssuedCertificate, AsymmetricAlgorithm)>();
        for (var n = 0; n < Algorithms.Length; n++)
        {
            seals.Add(await Pki.IssueSealAsync($"Producer Seal {n + 1}", Algorithms[n]));
        }

        Seals = seals;
    }

    /// <summary>The Chromium PDF, made by <paramref name="produce"/> on first use and kept for the other rows.</summary>
    internal byte[] Chromium(Func<byte[]> produce)
    {
        lock (_chromium)
        {
            return (byte[])(_chromiumPdf ??= produce()).Clone();
        }
    }

    public async Task DisposeAsync() => await Pki.DisposeAsync();
}
