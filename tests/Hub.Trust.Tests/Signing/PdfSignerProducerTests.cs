using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Hub.Trust.Keys;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;
using Hub.Trust.Verification;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

/// <summary>
/// Files from real producers on this machine, sealed five times in sequence with five certificates (RSA and ECDSA,
/// visible on both pages, keyword-placed, certified first, B-B to B-LTA); verify-pdf and our verifier must agree after every seal,
/// and both must reject a flipped byte and appended bytes.
/// </summary>
public sealed class PdfSignerProducerTests(ITestOutputHelper output, ProducerSealsFixture fixture) : IDisposable, IClassFixture<ProducerSealsFixture>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-sign-producers-").FullName;

    public static TheoryData<string> Producers => ["libreoffice", "chromium", "pdftocairo", "qpdf-objstreams", "qpdf-linearize", "pdfsig"];

    [Theory]
    [MemberData(nameof(Producers))]
    public async Task SealAsync_FiveSealsOnProducerFile_VerifyPdfAndVerifierAgree(string producer)
    {
        var script = VerifyPdf.Locate(output);
        var pdf = script is null ? null : Produce(producer);
        if (pdf is null)
        {
            return;
        }

        var pki = fixture.Pki;
        if (producer == "pdfsig")
        {
            pdf = await SignWithPdfsigAsync(pki, pdf);
            if (pdf is null)
            {
                return;
            }
        }

        var verifier = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time });
        // Seal n uses the fixture's certificate n: RSA-2048, P-256, RSA-3072, P-384, RSA-2048.
        var placements = new (SealPlacement Placement, PadesLevel Level)[]
        {
            (SealPlacement.OnPage(0, new(300, 40, 420, 100)), PadesLevel.BaselineB),
            (SealPlacement.AtKeyword("Seal here"), PadesLevel.BaselineT),
            (SealPlacement.OnPage(1, new(40, 700, 160, 760)), PadesLevel.BaselineB),
            (SealPlacement.OnPage(0, new(440, 40, 560, 100)), PadesLevel.BaselineT),
            (SealPlacement.Invisible, PadesLevel.BaselineLTA),
        };
        var checks = new List<Task<(int Seal, (bool Passed, string Output) Result)>>();
        for (var n = 0; n < placements.Length; n++)
        {
            var (placement, level) = placements[n];
            var (issued, key) = fixture.Seals[n];
            using var sealedPdf = new MemoryStream();
            await pki.Signer().SealAsync(pdf, sealedPdf, await pki.RequestAsync(issued, key, level, placement, certify: n == 0 && producer != "pdfsig"));
            pdf = sealedPdf.ToArray();
            var path = Path.Combine(_directory, $"{producer}-{n + 1}.pdf");
            await File.WriteAllBytesAsync(path, pdf);

            // verify-pdf (a dozen processes) runs while the next seal is made; its verdicts are checked below.
            var seal = n + 1;
            checks.Add(Task.Run(() => (seal, VerifyPdf.Run(script!, path, pki.CaBundle))));
            var verdicts = verifier.Verify(pdf);
            output.WriteLine($"{producer} seal {seal}: ours {string.Join(", ", verdicts.Select(v => $"{v.FieldName}={v.IsAcceptable}"))}");
            Assert.All(verdicts, v => Assert.True(v.IsAcceptable, $"{v.FieldName}: {string.Join("; ", v.Problems)}"));
        }

        foreach (var (seal, (passed, text)) in await Task.WhenAll(checks))
        {
            output.WriteLine($"{producer} seal {seal}: verify-pdf {(passed ? "PASS" : "FAIL")}");
            Assert.True(passed, $"seal {seal}: {text}");
        }

        var tampered = (byte[])pdf.Clone();
        var at = PdfReader.Open(pdf).Pages.Count > 0 ? 200 : 0;
        tampered[at] ^= 0x20;
        var appended = Path.Combine(_directory, $"{producer}-appended.pdf");
        await File.WriteAllBytesAsync(appended, [.. pdf, .. "\n%tail\n"u8]);
        var flipped = Path.Combine(_directory, $"{producer}-flipped.pdf");
        await File.WriteAllBytesAsync(flipped, tampered);

        var tamperedChecks = await Task.WhenAll(Task.Run(() => VerifyPdf.Run(script!, appended, pki.CaBundle)), Task.Run(() => VerifyPdf.Run(script!, flipped, pki.CaBundle)));
        Assert.All(tamperedChecks, c => Assert.False(c.Passed, c.Output));
        Assert.Contains(verifier.Verify(await File.ReadAllBytesAsync(appended)), v => !v.IsAcceptable);
        Assert.True(TryVerify(verifier, tampered)?.Any(v => !v.Intact) ?? true, "flipped byte not reported");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SealAsync_EveryPageOrPagingSeal_OneSignedFieldPerPageAcceptedByVerifyPdf(bool paging)
    {
        var script = VerifyPdf.Locate(output);
        var pdf = script is null ? null : Produce("chromium");
        if (pdf is null)
        {
            return;
        }

        var pki = fixture.Pki;
        var placement = paging ? SealPlacement.AcrossPageEdges(400) : SealPlacement.EveryPage(new(40, 700, 160, 760));
        using var sealedPdf = new MemoryStream();
        var name = await pki.Signer().SealAsync(pdf, sealedPdf, await pki.RequestAsync("Paging Seal", placement: placement, certify: true));
        var path = Path.Combine(_directory, "paging.pdf");
        await File.WriteAllBytesAsync(path, sealedPdf.ToArray());

        // One field per page, its widget merged with it and listed in that page's /Annots; no field has /Kids.
        var reader = PdfReader.Open(sealedPdf.ToArray());
        var fields = reader.FormFields.Where(f => f.IsSignature).ToList();
        Assert.Equal(["Seal1", "Seal1-p2"], fields.Select(f => f.FullName));
        Assert.Equal("Seal1", name);
        Assert.All(fields, f => Assert.Null(f.Dictionary["Kids"]));
        for (var page = 0; page < reader.Pages.Count; page++)
        {
            var annots = (PdfArray)reader.Resolve(reader.Pages[page].Dictionary["Annots"])!;
            Assert.Equal(fields[page].Reference, Assert.Single(annots));
        }

        var (passed, text) = VerifyPdf.Run(script!, path, pki.CaBundle);
        output.WriteLine(text);
        Assert.True(passed, text);
        Assert.Equal(2, Regex.Count(text, "Signature is Valid"));
        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time }).Verify(sealedPdf.ToArray());
        Assert.Equal(2, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.IsAcceptable, $"{v.FieldName}: {string.Join("; ", v.Problems)}"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// Signs with poppler's own signer (pdfsig 22.12 -add-signature: BER CMS, adbe.pkcs7.detached, a whole embedded
    /// font), using a seal certificate of our CA imported with its chain into a temporary NSS database with certutil
    /// and pk12util; the chain must be there, or pdfsig embeds the seal certificate alone.
    /// </summary>
    private async Task<byte[]?> SignWithPdfsigAsync(SealingPki pki, byte[] pdf)
    {
        if (!ExternalTool.Available("certutil", output) || !ExternalTool.Available("pk12util", output))
        {
            return null;
        }

        var (issued, key) = await pki.IssueSealAsync("Poppler Seal");
        using var withKey = key is RSA rsa ? issued.Certificate.CopyWithPrivateKey(rsa) : issued.Certificate.CopyWithPrivateKey((ECDsa)key);
        var p12 = Path.Combine(_directory, "poppler.p12");
        var bundle = new X509Certificate2Collection(withKey);
        bundle.AddRange(issued.Chain.ToArray());
        await File.WriteAllBytesAsync(p12, bundle.Export(X509ContentType.Pkcs12, "nss-pass")!);
        var nss = "sql:" + Directory.CreateDirectory(Path.Combine(_directory, "nssdb")).FullName;
        Assert.Equal(0, ExternalTool.Run("certutil", "-N", "-d", nss, "--empty-password").ExitCode);
        var (imported, importLog) = ExternalTool.Run("pk12util", "-i", p12, "-d", nss, "-W", "nss-pass", "-K", string.Empty);
        Assert.True(imported == 0, importLog);
        var (_, listing) = ExternalTool.Run("certutil", "-L", "-d", nss);
        var nick = listing.Split('\n').Select(l => l.TrimEnd()).Single(l => l.EndsWith("u,u,u", StringComparison.Ordinal))[..^5].Trim();

        var input = Path.Combine(_directory, "pdfsig-in.pdf");
        var signed = Path.Combine(_directory, "pdfsig-signed.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        var (exit, log) = ExternalTool.Run("pdfsig", "-nssdir", nss, "-add-signature", "-nick", nick, "-new-signature-field-name", "Poppler1", "-reason", "signed by pdfsig", input, signed);
        Assert.True(exit == 0 && File.Exists(signed), log);
        return await File.ReadAllBytesAsync(signed);
    }

    private static IReadOnlyList<PdfSignatureVerdict>? TryVerify(PdfSignatureVerifier verifier, byte[] pdf)
    {
        try
        {
            return verifier.Verify(pdf);
        }
        catch (PdfFormatException)
        {
            return null;
        }
    }

    private byte[]? Produce(string producer)
    {
        var html = Path.Combine(_directory, "contract.html");
        File.WriteAllText(html, "<html><body><h1>Supply Contract</h1><p>Party A agrees to deliver.</p><p style='page-break-after:always'>Seal here</p><p>Annex page two.</p></body></html>");
        var tool = producer switch
        {
            "libreoffice" => "soffice",
            "chromium" or "pdfsig" => "chromium",
            "pdftocairo" => "pdftocairo",
            _ => "qpdf",
        };
        if (!ExternalTool.Available(tool, output) || (producer != "chromium" && !ExternalTool.Available("chromium", output)))
        {
            return null;
        }

        var chromiumPdf = Path.Combine(_directory, "chromium.pdf");
        if (producer == "libreoffice")
        {
            var (code, text) = ExternalTool.Run("soffice", "--headless", "--convert-to", "pdf", "--outdir", _directory, html);
            Assert.True(code == 0, text);
            return File.ReadAllBytes(Path.Combine(_directory, "contract.pdf"));
        }

        var chromium = fixture.Chromium(() =>
        {
            var (exit, log) = ExternalTool.Run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--print-to-pdf={chromiumPdf}", html);
            Assert.True(exit == 0 && File.Exists(chromiumPdf), log);
            return File.ReadAllBytes(chromiumPdf);
        });
        if (producer is "chromium" or "pdfsig")
        {
            return chromium;
        }

        File.WriteAllBytes(chromiumPdf, chromium);

        var produced = Path.Combine(_directory, producer + ".pdf");
        string[] arguments = producer switch
        {
            "pdftocairo" => ["-pdf", chromiumPdf, produced],
            "qpdf-objstreams" => ["--object-streams=generate", chromiumPdf, produced],
            _ => ["--linearize", chromiumPdf, produced],
        };
        var (result, message) = ExternalTool.Run(tool, arguments);
        Assert.True(result is 0 or 3, message);
        return File.ReadAllBytes(produced);
    }
}
