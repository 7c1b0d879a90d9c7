using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;
using Hub.Trust.Verification;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

/// <summary>B-T and B-LT seals judged by tools we did not write: verify-pdf, and <c>openssl ts -verify</c> on the signature-time-stamp.</summary>
public sealed class PdfSignerLevelTests(ITestOutputHelper output)
{
    /// <summary>
    /// EN 319 142-1 §6.3 (B-LT) puts the DSS in an incremental update after the signature (ISO 32000-2 §12.8.4.3), so a
    /// B-LT signature legitimately does not reach the end of the file. verify-pdf demands that the last signature reach
    /// EOF, a rule that holds for B-B, B-T and B-LTA (whose document time-stamp is last) but not for B-LT alone; pdfsig
    /// reports "Not total document signed" yet "Signature is Valid", and mutool "valid but there have been edits". So
    /// the file must pass every other verify-pdf check, the signed revision cut out must pass verify-pdf in full, and
    /// our verifier (which, unlike pdfsig, judges what the later update holds) must accept it as followed only by allowed additions.
    /// </summary>
    [Fact]
    public async Task SealAsync_BaselineLt_SignedRevisionPassesVerifyPdfAndDssUpdateIsAllowed()
    {
        var script = VerifyPdf.Locate(output);
        var corpus = PdfTestData.Corpus(output);
        if (script is null || corpus is null)
        {
            return;
        }

        await using var pki = await SealingPki.CreateAsync();
        using var sealedPdf = new MemoryStream();
        await pki.Signer().SealAsync(await File.ReadAllBytesAsync(Path.Combine(corpus, "minimal-two-pages.pdf")), sealedPdf, await pki.RequestAsync("Long Term Seal", PadesLevel.BaselineLT));
        var pdf = sealedPdf.ToArray();
        var path = Path.Combine(pki.Directory, "lt.pdf");
        await File.WriteAllBytesAsync(path, pdf);

        var (passed, text) = VerifyPdf.Run(script, path, pki.CaBundle);
        output.WriteLine(text);
        Assert.False(passed);
        var failures = text.Split('\n').Where(l => l.Contains("FAIL", StringComparison.Ordinal) && !l.StartsWith("RESULT", StringComparison.Ordinal)).ToList();
        Assert.Equal(["last signature does not reach the end of the file: FAIL"], failures);
        Assert.Contains("Signature is Valid", text, StringComparison.Ordinal);
        Assert.Contains("covers_eof=False: OK", text, StringComparison.Ordinal);

        var verdict = Assert.Single(new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time }).Verify(pdf));
        Assert.True(verdict.IsAcceptable, string.Join("; ", verdict.Problems));
        Assert.Equal(PdfSignatureCoverage.FollowedByUpdates, verdict.Coverage);
        Assert.Equal(PdfModificationLevel.AllowedAdditions, verdict.Modifications);

        var (_, list) = ExternalTool.Run("python3", Path.Combine(Path.GetDirectoryName(script)!, "pdf-signatures.py"), path, Path.Combine(pki.Directory, "lt-parts"));
        var range = list.Split(' ');
        var revision = Path.Combine(pki.Directory, "lt-revision.pdf");
        await File.WriteAllBytesAsync(revision, pdf.AsSpan(0, int.Parse(range[3], CultureInfo.InvariantCulture) + int.Parse(range[4], CultureInfo.InvariantCulture)).ToArray());
        var (revisionPassed, revisionText) = VerifyPdf.Run(script, revision, pki.CaBundle);
        Assert.True(revisionPassed, revisionText);
    }

    [Fact]
    public async Task SealAsync_BaselineT_SignatureTimestampPassesOpensslTsVerify()
    {
        var script = VerifyPdf.Locate(output);
        var corpus = PdfTestData.Corpus(output);
        if (script is null || corpus is null)
        {
            return;
        }

        await using var pki = await SealingPki.CreateAsync();
        using var sealedPdf = new MemoryStream();
        await pki.Signer().SealAsync(await File.ReadAllBytesAsync(Path.Combine(corpus, "minimal-two-pages.pdf")), sealedPdf, await pki.RequestAsync("Timestamped Seal", PadesLevel.BaselineT));
        var path = Path.Combine(pki.Directory, "t.pdf");
        await File.WriteAllBytesAsync(path, sealedPdf.ToArray());

        // The CMS comes out of the file through verify-pdf's own extractor; the token is the value of the unsigned
        // attribute id-aa-signatureTimeStampToken, its imprint the hash of SignerInfo.signature (RFC 3161 Appendix A).
        var parts = Path.Combine(pki.Directory, "t-parts");
        var (exit, list) = ExternalTool.Run("python3", Path.Combine(Path.GetDirectoryName(script)!, "pdf-signatures.py"), path, parts);
        Assert.True(exit == 0, list);
        var cms = new SignedCms();
        cms.Decode(await File.ReadAllBytesAsync(Path.Combine(parts, "1.der")));
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        var attribute = Assert.Single(signer.UnsignedAttributes.Cast<CryptographicAttributeObject>(), a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14");
        var token = Path.Combine(parts, "token.der");
        var signatureValue = Path.Combine(parts, "signature.bin");
        await File.WriteAllBytesAsync(token, Assert.Single(attribute.Values.Cast<AsnEncodedData>()).RawData);
        await File.WriteAllBytesAsync(signatureValue, signer.GetSignature());

        var (verified, text) = ExternalTool.Run("openssl", "ts", "-verify", "-in", token, "-token_in", "-data", signatureValue, "-CAfile", pki.CaBundle);
        Assert.True(verified == 0, text);
        Assert.Contains("Verification: OK", text, StringComparison.Ordinal);

        // The same token over other data must fail, or the check above proves nothing.
        await File.WriteAllBytesAsync(signatureValue, [.. signer.GetSignature().Reverse()]);
        var (wrong, wrongText) = ExternalTool.Run("openssl", "ts", "-verify", "-in", token, "-token_in", "-data", signatureValue, "-CAfile", pki.CaBundle);
        Assert.NotEqual(0, wrong);
        Assert.Contains("message imprint mismatch", wrongText, StringComparison.Ordinal);
    }
}
