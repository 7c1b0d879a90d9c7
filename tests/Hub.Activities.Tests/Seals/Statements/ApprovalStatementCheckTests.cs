using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Hub.Activities.Seals.Statements;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Activities.Tests.Seals.Statements;

/// <summary>
/// Each way a seal's approval statement can be wrong is reported as itself: missing, swapped in from another
/// instance, altered, made for another document, from an untrusted platform, or the sealed file altered, and hostile
/// statement files are findings, never crashes.
/// </summary>
public sealed class ApprovalStatementCheckTests(ITestOutputHelper output) : IDisposable
{
    private readonly StatementPki _pki = new();

    [Fact]
    public async Task Check_TwoSealsEachWithItsStatement_BothValidAndDecoded()
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        var first = StatementPki.StatementFor(pdf);
        var once = await _pki.SealWithStatementAsync(pdf, first);
        var second = StatementPki.StatementFor(once) with { SealName = "华东贸易有限公司合同专用章" };
        var twice = await _pki.SealWithStatementAsync(once, second);

        var findings = _pki.Check(twice);

        Assert.Equal([ApprovalStatementStatus.Valid, ApprovalStatementStatus.Valid], findings.Select(f => f.Status));
        Assert.Equal(first, findings[0].Statement);
        Assert.Equal(second, findings[1].Statement);
        Assert.Equal(["王芳", "李明"], findings[0].Statement!.Decisions.Select(d => d.DeciderName));
        Assert.All(findings, f => Assert.True(f.Present && f.SealCarriesDigest && f.PlatformSignatureValid && f.PlatformTrusted && f.MatchesSeal && f.MatchesDocument, string.Join("; ", f.Problems)));
        Assert.All(findings, f => Assert.Equal("CN=Hub Platform, O=Hub Test, C=CN", f.PlatformSigner));
    }

    [Fact]
    public async Task Check_StatementSwappedFromAnotherInstance_DoesNotMatchSeal()
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        var sealedPdf = await _pki.SealWithStatementAsync(pdf);
        var other = _pki.Prepare(StatementPki.StatementFor(pdf));

        var finding = Assert.Single(_pki.Check(await ReplaceStatementAsync(sealedPdf, other.Attachment.Content)));

        Assert.Equal(ApprovalStatementStatus.DoesNotMatchSeal, finding.Status);
        Assert.True(finding.PlatformSignatureValid && finding.PlatformTrusted && !finding.MatchesSeal);
        Assert.Contains(finding.Problems, p => p.StartsWith("The statement does not match its seal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_StatementAlteredAfterSigning_PlatformSignatureInvalid()
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        var sealedPdf = await _pki.SealWithStatementAsync(pdf);
        var signed = _pki.Prepare(StatementPki.StatementFor(pdf)).Attachment.Content;
        var altered = Replace(signed, "\"approve\"", "\"approvE\"");

        var finding = Assert.Single(_pki.Check(await ReplaceStatementAsync(sealedPdf, altered)));

        Assert.Equal(ApprovalStatementStatus.PlatformSignatureInvalid, finding.Status);
        Assert.False(finding.PlatformSignatureValid);
    }

    [Fact]
    public async Task Check_OneByteOfTheSealedFileChanged_SealNotIntact()
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        var sealedPdf = await _pki.SealWithStatementAsync(pdf);
        sealedPdf[11] ^= 0x01; // inside the binary comment of the header: the file still reads, the seal no longer holds

        var finding = Assert.Single(_pki.Check(sealedPdf));

        Assert.Equal(ApprovalStatementStatus.SealNotIntact, finding.Status);
        Assert.True(finding.MatchesSeal);
    }

    [Fact]
    public async Task Check_SealSignedDigestButFileHasNoStatement_Missing()
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        var prepared = _pki.Prepare(StatementPki.StatementFor(pdf));

        var finding = Assert.Single(_pki.Check(await _pki.SealAsync(pdf, prepared.SignedAttribute, attachment: null)));

        Assert.Equal(ApprovalStatementStatus.Missing, finding.Status);
        Assert.True(finding.SealCarriesDigest);
        Assert.False(finding.Present);
    }

    [Fact]
    public async Task Check_PlainSeal_NoStatement()
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        var finding = Assert.Single(_pki.Check(await _pki.SealAsync(pdf, attribute: null, attachment: null)));

        Assert.Equal(ApprovalStatementStatus.NoStatement, finding.Status);
    }

    [Fact]
    public async Task Check_StatementOfAnotherDocument_DocumentMismatch()
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        var otherDocument = Encoding.ASCII.GetBytes("%PDF-1.7 another document");

        var finding = Assert.Single(_pki.Check(await _pki.SealWithStatementAsync(pdf, StatementPki.StatementFor(otherDocument))));

        Assert.Equal(ApprovalStatementStatus.DocumentMismatch, finding.Status);
        Assert.True(finding.MatchesSeal && finding.PlatformSignatureValid);
        Assert.False(finding.MatchesDocument);
    }

    [Fact]
    public async Task Check_PlatformOutsideTheAnchors_PlatformUntrusted()
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        using var otherRoot = new TestRootCa("CN=Other Root, O=Hub Test, C=CN");

        var finding = Assert.Single(_pki.Check(await _pki.SealWithStatementAsync(pdf), [otherRoot.Certificate]));

        Assert.Equal(ApprovalStatementStatus.PlatformUntrusted, finding.Status);
        Assert.True(finding.PlatformSignatureValid);
    }

    public static TheoryData<string> HostileStatements => ["not CMS", "truncated CMS", "huge", "wrong content type", "deep JSON", "wide JSON", "not canonical", "two signers"];

    [Theory]
    [MemberData(nameof(HostileStatements))]
    public async Task Check_HostileStatementFile_MalformedWithReason(string kind)
    {
        if (StatementPki.Document(output) is not { } pdf)
        {
            return;
        }

        var content = Hostile(kind, pdf);
        var attachment = new Hub.Trust.Signing.SignatureAttachment(ApprovalStatements.FileName, content, ApprovalStatements.MediaType, "");

        // The seal signs the digest of exactly these bytes, so only the statement's own shape can fail.
        var digest = kind is "not CMS" or "truncated CMS" or "huge" ? content : Inner(content);
        var finding = Assert.Single(_pki.Check(await _pki.SealAsync(pdf, ApprovalStatements.DigestAttribute(SHA256.HashData(digest)), attachment)));

        output.WriteLine($"{kind}: {string.Join(" | ", finding.Problems)}");
        Assert.Equal(ApprovalStatementStatus.Malformed, finding.Status);
        Assert.True(finding.Present);
        Assert.NotEmpty(finding.Problems);
        Assert.Null(finding.Statement);
    }

    [Fact]
    public void Prepare_SameStatement_SameJsonThatReadsBack()
    {
        var statement = StatementPki.StatementFor([1, 2, 3]);

        var json = ApprovalStatementJson.Serialise(statement);

        Assert.Equal(json, ApprovalStatementJson.Serialise(statement with { }));
        Assert.Equal(statement, ApprovalStatementJson.Parse(json));
        Assert.Contains("\"deciderName\":\"王芳\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Contains("\"decidedAt\":\"2026-12-01T01:30:00.0000000Z\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        var spaced = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json).Replace("{\"formatVersion\"", "{ \"formatVersion\"", StringComparison.Ordinal));
        Assert.StartsWith("The statement is not in canonical form", Assert.Throws<ApprovalStatementFormatException>(() => ApprovalStatementJson.Parse(spaced)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_SignedStatement_OpensslCmsVerifyAcceptsIt()
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        var prepared = _pki.Prepare(StatementPki.StatementFor([1, 2, 3]));
        var p7m = Path.Combine(_pki.Directory, "statement.p7m");
        var root = Path.Combine(_pki.Directory, "root.pem");
        var content = Path.Combine(_pki.Directory, "statement.json");
        await File.WriteAllBytesAsync(p7m, prepared.Attachment.Content);
        await File.WriteAllTextAsync(root, _pki.Root.Pem);

        await ExternalTool.RunCheckedAsync("openssl", "cms", "-verify", "-inform", "DER", "-in", p7m, "-CAfile", root, "-binary", "-out", content);

        Assert.Equal(prepared.Json, await File.ReadAllBytesAsync(content));
        Assert.Equal(SHA256.HashData(prepared.Json), System.Formats.Asn1.AsnDecoder.ReadOctetString(prepared.SignedAttribute.RawData, System.Formats.Asn1.AsnEncodingRules.DER, out _));
    }

    public void Dispose() => _pki.Dispose();

    private byte[] Hostile(string kind, byte[] pdf)
    {
        var valid = _pki.Prepare(StatementPki.StatementFor(pdf));
        return kind switch
        {
            "not CMS" => Encoding.UTF8.GetBytes("{\"formatVersion\":1}"),
            "truncated CMS" => valid.Attachment.Content[..(valid.Attachment.Content.Length / 2)],
            "huge" => new byte[ApprovalStatements.MaxSignedBytes + 1],
            "wrong content type" => PlatformSigned(valid.Json, "1.2.840.113549.1.7.5"),
            "deep JSON" => PlatformSigned(Encoding.ASCII.GetBytes(new string('[', 100_000) + new string(']', 100_000)), "1.2.840.113549.1.7.1"),
            "wide JSON" => PlatformSigned(Encoding.ASCII.GetBytes("[" + string.Join(',', Enumerable.Repeat("{}", 400_000)) + "]"), "1.2.840.113549.1.7.1"),
            "not canonical" => PlatformSigned([.. valid.Json, (byte)' '], "1.2.840.113549.1.7.1"),
            "two signers" => TwoSigners(valid.Json),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private byte[] PlatformSigned(byte[] content, string contentType)
    {
        var cms = new SignedCms(new ContentInfo(new Oid(contentType), content), detached: false);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _pki.Platform), silent: true);
        return cms.Encode();
    }

    private byte[] TwoSigners(byte[] content)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: false);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _pki.Platform), silent: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _pki.Seal), silent: true);
        return cms.Encode();
    }

    private static byte[] Inner(byte[] cmsBytes)
    {
        var cms = new SignedCms();
        cms.Decode(cmsBytes);
        return cms.ContentInfo.Content;
    }

    private static byte[] Replace(byte[] bytes, string from, string to)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(from));
        Assert.True(at >= 0, $"'{from}' not found");
        var copy = bytes.ToArray();
        Encoding.UTF8.GetBytes(to).CopyTo(copy, at);
        return copy;
    }

    /// <summary>A later incremental update that puts <paramref name="content"/> in place of the seal's statement file.</summary>
    private static async Task<byte[]> ReplaceStatementAsync(byte[] pdf, byte[] content)
    {
        var reader = PdfReader.Open(pdf);
        var specification = (PdfReference)((PdfArray)reader.FormFields.Single(f => f.IsSigned).Dictionary["AF"]!)[0];
        var stream = (PdfReference)((PdfDictionary)((PdfDictionary)reader.GetObject(specification))["EF"]!)["F"]!;
        var writer = new IncrementalPdfWriter(reader);
        writer.Replace(stream, new PdfStream(new PdfDictionary().Set("Type", new PdfName("EmbeddedFile")).Set("Subtype", new PdfName(ApprovalStatements.MediaType)), content));
        using var result = new MemoryStream();
        await writer.WriteToAsync(result);
        return result.ToArray();
    }
}
