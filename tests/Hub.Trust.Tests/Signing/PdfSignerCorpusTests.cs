using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;
using Hub.Trust.Verification;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

/// <summary>
/// Every PDF of the pyHanko corpus is either sealed twice with both seals acceptable to the verifier, or refused
/// with a message; never a crash or a silently broken output. The refusals are listed here for review.
/// </summary>
public sealed class PdfSignerCorpusTests(ITestOutputHelper output)
{
    // Reviewed refusals: encrypted inputs (refused in v1), files broken beyond safe repair, and already-certified
    // files whose certification forbids further signatures.
    private static readonly string[] ExpectedRefusals =
    [
        "broken-objstream1.pdf",
        "broken-objstream2.pdf",
        "broken-objstream3.pdf",
        "broken-objstream6.pdf",
        "certified-with-indirect-refs-in-dir.pdf",
        "circular-page-tree.pdf",
        "embedded-encrypted-nocf.pdf",
        "form-tree-circular-ref-input.pdf",
        "malformed-encrypt-dict1.pdf",
        "malformed-encrypt-dict2.pdf",
        "minimal-aes256-empty-encrypted-string.pdf",
        "minimal-aes256-malformed-oe.pdf",
        "minimal-aes256-malformed-perms.pdf",
        "minimal-aes256.pdf",
        "minimal-annotless.pdf",
        "minimal-pubkey-aes256.pdf",
        "minimal-pubkey-rc4-envelope.pdf",
        "minimal-pubkey-rc4.pdf",
        "minimal-pubkey-unknown-envelope-alg.pdf",
        "minimal-rc4.pdf",
        "minimal-startxref-hopeless.pdf",
        "minimal-startxref-hopeless2.pdf",
        "minimal-startxref-hopeless3.pdf",
        "minimal-two-fields-aes256.pdf",
        "minimal-two-fields-pubkey-aes256.pdf",
        "minimal-two-fields-pubkey-rc4.pdf",
        "minimal-with-field-aes256.pdf",
        "minimal-with-field-pubkey-aes256.pdf",
        "minimal-with-field-pubkey-rc4.pdf",
        "minimal-with-field-rc4.pdf",
        "page-tree-direct-kid.pdf",
        "pubkey-3des-test.pdf",
        "pubkey-ecc-test.pdf",
        "pubkey-rc2-test.pdf",
        "signed-encrypted-pubkey-with-catalog-ref.pdf",
    ];

    private static PdfSealRequest WithFile(PdfSealRequest request, string text) => new()
    {
        Certificate = request.Certificate,
        PrivateKey = request.PrivateKey,
        Chain = request.Chain,
        Placement = request.Placement,
        Appearance = request.Appearance,
        Attachments = [new SignatureAttachment($"{text}.txt", System.Text.Encoding.ASCII.GetBytes(text), "text/plain", "")],
    };

    [Fact]
    public async Task SealAsync_EveryCorpusFile_SealedTwiceOrRefused()
    {
        var corpus = PdfTestData.Corpus(output);
        if (corpus is null)
        {
            return;
        }

        await using var pki = await SealingPki.CreateAsync();
        // Each seal carries a file of its own, so the name tree and /AF merge runs over every corpus shape.
        var first = WithFile(await pki.RequestAsync("Corpus Seal One"), "one");
        var second = WithFile(await pki.RequestAsync("Corpus Seal Two", algorithm: Hub.Trust.Keys.KeyAlgorithm.EcdsaP256), "two");
        var signer = pki.Signer();
        var verifier = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time });
        var refusals = new List<string>();
        var sealedCount = 0;
        foreach (var (name, path) in PdfTestData.CorpusFiles(corpus))
        {
            var pdf = await File.ReadAllBytesAsync(path);
            try
            {
                foreach (var request in new[] { first, second })
                {
                    using var sealedPdf = new MemoryStream();
                    await signer.SealAsync(pdf, sealedPdf, request);
                    pdf = sealedPdf.ToArray();
                }
            }
            catch (Exception e) when (e is PdfFormatException or PdfSigningException)
            {
                output.WriteLine($"refused {name}: {e.Message}");
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                refusals.Add(name);
                continue;
            }

            var ours = verifier.Verify(pdf).Where(v => v.SignerSubject.Contains("Corpus Seal", StringComparison.Ordinal)).ToList();
            Assert.True(ours.Count == 2, $"{name}: {ours.Count} of our seals found");
            Assert.All(ours, v => Assert.True(v.Intact && v.Valid && v.Trusted && v.Modifications != PdfModificationLevel.Disallowed, $"{name} {v.FieldName}: {string.Join("; ", v.Problems)}"));
            Assert.Equal(["one", "two"], ours.Select(v => System.Text.Encoding.ASCII.GetString(Assert.Single(v.Attachments).Content)));
            sealedCount++;
        }

        output.WriteLine($"sealed twice: {sealedCount}, refused: {refusals.Count}");
        Assert.Equal(ExpectedRefusals, refusals);
    }
}
