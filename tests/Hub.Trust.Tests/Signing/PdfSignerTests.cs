using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;
using Hub.Trust.Tests.Pki;
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
}
