using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;
using Hub.Trust.Tests.Pki;
using Hub.Trust.Tests.Timestamps;
using Hub.Trust.Timestamps;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

public sealed class PdfSignerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SealAsync_TwoSeals_BothPassVerifyPdf()
    {
        var script = VerifyPdf.Locate(output);
        var corpus = PdfTestData.Corpus(output);
        if (script is null || corpus is null)
        {
            return;
        }

        await using var pki = await SealingPki.CreateAsync();
        var signer = pki.Signer();
        var pdf = await File.ReadAllBytesAsync(Path.Combine(corpus, "minimal-two-pages.pdf"));
        for (var n = 1; n <= 2; n++)
        {
            using var sealedPdf = new MemoryStream();
            await signer.SealAsync(pdf, sealedPdf, await pki.RequestAsync($"Seal {n}"));
            pdf = sealedPdf.ToArray();
            var path = Path.Combine(pki.Directory, $"sealed{n}.pdf");
            await File.WriteAllBytesAsync(path, pdf);
            var (passed, text) = VerifyPdf.Run(script, path, pki.CaBundle);
            output.WriteLine(text);
            Assert.True(passed, text);
        }
    }

    [Fact]
    public async Task SealAsync_BaselineTWhenTsaRefuses_ThrowsTimestampException()
    {
        await using var pki = await SealingPki.CreateAsync();
        using var tsa = await PkiTsa.CreateAsync();
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        // A TSA whose key does not match its certificate refuses every request with systemFailure.
        var broken = new TimestampAuthority(new TimestampAuthorityOptions(), tsa.Certificate.Certificate, otherKey, [], tsa.Pki.Time);
        var signer = new PdfSigner(new InProcessTimeStamper(broken), pki.Pki.Time);
        var request = await pki.RequestAsync("Timestamped Seal", PadesLevel.BaselineT);
        using var sealedPdf = new MemoryStream();

        var error = await Assert.ThrowsAsync<TimestampException>(() => signer.SealAsync(HandWrittenPdf.Minimal().WithTable(), sealedPdf, request));

        // Never a seal without its time-stamp, and never the local clock instead (DESIGN.md §4).
        Assert.Equal(
            "TSA 'CN=Hub Test TSA, O=Hub Test Group, C=CN' (in process) refused the request: status rejection, failInfo systemFailure: "
            + "The TSA could not sign: Could not determine signature algorithm for the signer certificate.",
            error.Message);
    }
}
