using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Keys;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;
using Hub.Trust.Tests.Signing;
using Hub.Trust.Verification;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Verification;

public sealed class PdfSignatureVerifierTests(ITestOutputHelper output)
{
    private static async Task<byte[]> SealAsync(SealingPki pki, byte[] pdf, PdfSealRequest request)
    {
        using var sealedPdf = new MemoryStream();
        await pki.Signer().SealAsync(pdf, sealedPdf, request);
        return sealedPdf.ToArray();
    }

    private static byte[] Minimal() => HandWrittenPdf.Minimal().WithTable();

    private static PdfSignatureVerifier Verifier(SealingPki pki, params byte[][] crls) =>
        new(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Crls = crls, Time = pki.Pki.Time });

    [Fact]
    public async Task Verify_TwoSeals_FirstFollowedBySignatureOnlyUpdate()
    {
        await using var pki = await SealingPki.CreateAsync();
        var once = await SealAsync(pki, Minimal(), await pki.RequestAsync("First Seal"));
        var twice = await SealAsync(pki, once, await pki.RequestAsync("Second Seal", algorithm: KeyAlgorithm.EcdsaP256));

        var verdicts = Verifier(pki).Verify(twice);

        Assert.Equal(["Seal1", "Seal2"], verdicts.Select(v => v.FieldName));
        Assert.All(verdicts, v => Assert.True(v.IsAcceptable, string.Join("; ", v.Problems)));
        Assert.Equal(PdfSignatureCoverage.FollowedByUpdates, verdicts[0].Coverage);
        Assert.Equal(PdfModificationLevel.AllowedAdditions, verdicts[0].Modifications);
        Assert.Equal(PdfSignatureCoverage.WholeFile, verdicts[1].Coverage);
        Assert.Contains("CN=Second Seal", verdicts[1].SignerSubject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ByteFlippedInsideSignedRange_NotIntact()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealAsync(pki, Minimal(), await pki.RequestAsync("Seal"));
        foreach (var offset in new[] { 20, pdf.Length - 30 })
        {
            var tampered = (byte[])pdf.Clone();
            tampered[offset] ^= 0x01;
            var verdicts = TryVerify(pki, tampered);
            Assert.True(verdicts is null || verdicts.All(v => !v.Intact || !v.IsAcceptable), $"flip at {offset} not reported");
            if (verdicts is { Count: > 0 })
            {
                Assert.Contains(verdicts[0].Problems, p => p.Contains("changed", StringComparison.Ordinal) || p.Contains("ByteRange", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Verify_BytesAppended_UncoveredBytesReported()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealAsync(pki, Minimal(), await pki.RequestAsync("Seal"));
        byte[] appended = [.. pdf, .. "\n% appended after signing\n"u8];

        var verdict = Assert.Single(Verifier(pki).Verify(appended));

        Assert.True(verdict.Intact);
        Assert.Equal(PdfSignatureCoverage.UncoveredBytes, verdict.Coverage);
        Assert.False(verdict.IsAcceptable);
        Assert.Contains(verdict.Problems, p => p.EndsWith("bytes after the signed revision are not an incremental update.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_PageContentReplacedAfterSigning_FlagsObject()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealAsync(pki, Minimal(), await pki.RequestAsync("Seal"));
        var reader = PdfReader.Open(pdf);
        var page = reader.Pages[0];
        var writer = new IncrementalPdfWriter(reader);
        var content = writer.Add(new PdfStream(new PdfDictionary(), "BT /F1 24 Tf 72 700 Td (Pay 1,000,000) Tj ET"u8.ToArray()));
        writer.Replace(page.Reference, page.Dictionary.Clone().Set("Contents", content));
        using var changed = new MemoryStream();
        await writer.WriteToAsync(changed);

        var verdict = Assert.Single(Verifier(pki).Verify(changed.ToArray()));

        Assert.True(verdict.Intact);
        Assert.Equal(PdfModificationLevel.Disallowed, verdict.Modifications);
        Assert.Equal([page.Reference.ObjectNumber], verdict.ModifiedObjects);
        Assert.False(verdict.IsAcceptable);
    }

    [Fact]
    public async Task Verify_NoTrustAnchors_IntactAndValidButUntrusted()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealAsync(pki, Minimal(), await pki.RequestAsync("Seal"));

        var verdict = Assert.Single(new PdfSignatureVerifier(new PdfVerificationOptions()).Verify(pdf));

        Assert.True(verdict.Intact);
        Assert.True(verdict.Valid);
        Assert.False(verdict.Trusted);
        Assert.Contains(verdict.Problems, p => p.Contains("does not chain to a configured trust anchor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RevokedSealCertificateWithConfiguredCrl_Invalid()
    {
        await using var pki = await SealingPki.CreateAsync();
        var request = await pki.RequestAsync("Revoked Seal");
        var pdf = await SealAsync(pki, Minimal(), request);
        pki.Pki.Time.Advance(TimeSpan.FromMinutes(1));
        await pki.Authority.RevokeAsync(request.Certificate.SerialNumber, X509RevocationReason.KeyCompromise, CancellationToken.None);
        var crl = await pki.Authority.CreateCrlAsync(CancellationToken.None);
        pki.Pki.Time.Advance(TimeSpan.FromMinutes(1));

        var verdict = Assert.Single(Verifier(pki, crl).Verify(pdf));

        Assert.True(verdict.Intact);
        Assert.False(verdict.Valid);
        Assert.NotNull(verdict.RevokedAt);
        Assert.Contains(verdict.Problems, p => p.Contains("was revoked at", StringComparison.Ordinal));
        Assert.True(Assert.Single(Verifier(pki).Verify(pdf)).Valid);
    }

    [Fact]
    public async Task Verify_RevokedBeforeSealWithEmbeddedDssCrl_Invalid()
    {
        await using var pki = await SealingPki.CreateAsync();
        var request = await pki.RequestAsync("Revoked Seal", PadesLevel.BaselineLT);
        await pki.Authority.RevokeAsync(request.Certificate.SerialNumber, X509RevocationReason.KeyCompromise, CancellationToken.None);
        pki.Pki.Time.Advance(TimeSpan.FromMinutes(1));
        var crl = await pki.Authority.CreateCrlAsync(CancellationToken.None);
        var pdf = await SealAsync(pki, Minimal(), new PdfSealRequest
        {
            Certificate = request.Certificate, PrivateKey = request.PrivateKey, Chain = request.Chain, Level = PadesLevel.BaselineLT, Crls = [crl],
        });

        var verdict = Assert.Single(Verifier(pki).Verify(pdf));

        Assert.True(verdict.Intact);
        Assert.True(verdict.TimestampValid);
        Assert.False(verdict.Valid);
        Assert.NotNull(verdict.RevokedAt);
    }

    [Fact]
    public async Task Verify_BaselineLta_SignatureAndDocumentTimestampValid()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealAsync(pki, Minimal(), await pki.RequestAsync("Seal", PadesLevel.BaselineLTA));

        var verdicts = Verifier(pki).Verify(pdf);

        Assert.Equal(2, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.IsAcceptable, string.Join("; ", v.Problems)));
        Assert.False(verdicts[0].IsDocumentTimestamp);
        Assert.True(verdicts[0].TimestampValid);
        Assert.True(verdicts[1].IsDocumentTimestamp);
        Assert.Equal("ETSI.RFC3161", verdicts[1].SubFilter);
        Assert.Equal(PdfModificationLevel.AllowedAdditions, verdicts[0].Modifications);
        var dss = PdfReader.Open(pdf) is var r ? r.Resolve(r.Catalog["DSS"]) as PdfDictionary : null;
        Assert.NotNull(dss);
        Assert.True(((PdfArray)r.Resolve(dss!["CRLs"])!).Count >= 1);
        Assert.Single(((PdfDictionary)r.Resolve(dss["VRI"])!).Keys);
    }

    [Fact]
    public async Task Verify_ExtraSignedAttribute_ReportedWithValue()
    {
        await using var pki = await SealingPki.CreateAsync();
        var grant = SHA256.HashData("grant 42"u8);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(grant);
        var request = await pki.RequestAsync("Seal");
        var pdf = await SealAsync(pki, Minimal(), new PdfSealRequest
        {
            Certificate = request.Certificate, PrivateKey = request.PrivateKey, Chain = request.Chain,
            ExtraSignedAttributes = [new AsnEncodedData("1.3.6.1.4.1.99999.1.1", writer.Encode())],
        });

        var attribute = Assert.Single(Assert.Single(Verifier(pki).Verify(pdf)).ExtraSignedAttributes);

        Assert.Equal("1.3.6.1.4.1.99999.1.1", attribute.Oid!.Value);
        Assert.Equal(grant, new AsnReader(attribute.RawData, AsnEncodingRules.DER).ReadOctetString());
    }

    [Fact]
    public async Task Verify_UnsignedDocument_NoVerdicts()
    {
        await using var pki = await SealingPki.CreateAsync();
        Assert.Empty(Verifier(pki).Verify(Minimal()));
        output.WriteLine("unsigned document: no verdicts");
    }

    private IReadOnlyList<PdfSignatureVerdict>? TryVerify(SealingPki pki, byte[] pdf)
    {
        try
        {
            return Verifier(pki).Verify(pdf);
        }
        catch (PdfFormatException e)
        {
            output.WriteLine($"unreadable after tampering: {e.Message}");
            return null;
        }
    }
}
