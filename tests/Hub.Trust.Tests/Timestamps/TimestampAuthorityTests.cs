using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Hub.Trust.Cms;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Tests.Pki;
using Hub.Trust.Timestamps;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Timestamps;

public sealed class TimestampAuthorityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048, "-sha256")]
    [InlineData(KeyAlgorithm.EcdsaP256, "-sha512")]
    public async Task RespondAsync_OpenSslQuery_OpenSslShowsGrantedNonceAndVerifies(KeyAlgorithm tsaKey, string digest)
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var tsa = await PkiTsa.CreateAsync(tsaKey);
        var cwd = tsa.Pki.Directory.Path;
        await File.WriteAllTextAsync(tsa.Pki.Directory.File("data.txt"), "采购合同 No. 2026-001");
        await File.WriteAllTextAsync(tsa.Pki.Directory.File("other.txt"), "采购合同 No. 2026-002");
        var chain = tsa.WriteChainPem();
        await ExternalTool.RunCheckedInAsync(cwd, "openssl", "ts", "-query", "-data", "data.txt", digest, "-cert", "-out", "req.tsq");
        var queryText = await ExternalTool.RunCheckedInAsync(cwd, "openssl", "ts", "-query", "-in", "req.tsq", "-text");

        var response = await tsa.Authority.RespondAsync(await File.ReadAllBytesAsync(tsa.Pki.Directory.File("req.tsq")), CancellationToken.None);
        await File.WriteAllBytesAsync(tsa.Pki.Directory.File("resp.tsr"), response);
        var replyText = await ExternalTool.RunCheckedInAsync(cwd, "openssl", "ts", "-reply", "-in", "resp.tsr", "-text");
        var verify = await ExternalTool.RunInAsync(cwd, "openssl", "ts", "-verify", "-in", "resp.tsr", "-data", "data.txt", "-CAfile", chain);
        var wrongData = await ExternalTool.RunInAsync(cwd, "openssl", "ts", "-verify", "-in", "resp.tsr", "-data", "other.txt", "-CAfile", chain);

        Assert.True(replyText.Contains("Status: Granted."), replyText);
        Assert.Contains($"Policy OID: {TimestampAuthorityOptions.DefaultPolicyOid}", replyText);
        Assert.Contains("Accuracy: 0x01 seconds", replyText);
        var nonce = queryText.Split('\n').Single(l => l.StartsWith("Nonce: ", StringComparison.Ordinal)).Trim();
        Assert.Contains(nonce, replyText);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("Verification: OK", verify.Output);
        Assert.NotEqual(0, wrongData.ExitCode);
        Assert.Contains("message imprint mismatch", wrongData.Output);
    }

    [Fact]
    public async Task RespondAsync_Sha1Query_RejectedWithBadAlg()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var request = EncodeRequest(SHA1.HashData("x"u8), HashAlgorithmName.SHA1);

        var response = TimeStampResponse.Decode(await tsa.Authority.RespondAsync(request, CancellationToken.None));

        Assert.Equal(PkiStatus.Rejection, response.Status);
        Assert.Equal(PkiFailureInfo.BadAlg, response.FailInfo);
        Assert.Equal("Hash algorithm SHA-1 is not accepted; use SHA-256, SHA-384 or SHA-512.", response.StatusText);
        Assert.Null(response.Token);
    }

    [Fact]
    public async Task RespondAsync_OpenSslSha1Query_OpenSslShowsRejection()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var tsa = await PkiTsa.CreateAsync();
        var cwd = tsa.Pki.Directory.Path;
        await File.WriteAllTextAsync(tsa.Pki.Directory.File("data.txt"), "data");
        await ExternalTool.RunCheckedInAsync(cwd, "openssl", "ts", "-query", "-data", "data.txt", "-sha1", "-out", "req.tsq");

        await File.WriteAllBytesAsync(
            tsa.Pki.Directory.File("resp.tsr"), await tsa.Authority.RespondAsync(await File.ReadAllBytesAsync(tsa.Pki.Directory.File("req.tsq")), CancellationToken.None));
        var text = await ExternalTool.RunCheckedInAsync(cwd, "openssl", "ts", "-reply", "-in", "resp.tsr", "-text");

        Assert.Contains("Status: Rejected.", text);
        Assert.Contains("unrecognized or unsupported algorithm identifier", text);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00 })]
    public async Task RespondAsync_Garbage_RejectedWithBadDataFormat(byte[] garbage)
    {
        using var tsa = await PkiTsa.CreateAsync();

        var response = TimeStampResponse.Decode(await tsa.Authority.RespondAsync(garbage, CancellationToken.None));

        Assert.Equal(PkiStatus.Rejection, response.Status);
        Assert.Equal(PkiFailureInfo.BadDataFormat, response.FailInfo);
        Assert.StartsWith("The request is not a DER TimeStampReq", response.StatusText);
    }

    [Fact]
    public async Task RespondAsync_ImprintOfWrongLength_RejectedWithBadDataFormat()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var request = EncodeRequest(new byte[20], HashAlgorithmName.SHA256, validateLength: false);

        var response = TimeStampResponse.Decode(await tsa.Authority.RespondAsync(request, CancellationToken.None));

        Assert.Equal(PkiFailureInfo.BadDataFormat, response.FailInfo);
        Assert.Equal("The SHA-256 imprint has 20 bytes; expected 32.", response.StatusText);
    }

    [Fact]
    public async Task RespondAsync_OtherPolicy_RejectedWithUnacceptedPolicy()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var request = Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData("x"u8), HashAlgorithmName.SHA256, new Oid("1.2.3.4")).Encode();

        var response = TimeStampResponse.Decode(await tsa.Authority.RespondAsync(request, CancellationToken.None));

        Assert.Equal(PkiFailureInfo.UnacceptedPolicy, response.FailInfo);
        Assert.Equal($"Policy 1.2.3.4 is not offered; this TSA issues under {TimestampAuthorityOptions.DefaultPolicyOid}.", response.StatusText);
    }

    [Fact]
    public async Task RespondAsync_ManyRequests_SerialsUniqueAndNoncesEchoed()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var serials = new HashSet<string>();

        for (var i = 0; i < 25; i++)
        {
            var nonce = BitConverter.GetBytes(1_000_000L + i).Reverse().ToArray();
            var request = Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData([(byte)i]), HashAlgorithmName.SHA256, null, nonce, true);
            var token = request.ProcessResponse(await tsa.Authority.RespondAsync(request.Encode(), CancellationToken.None), out _);

            Assert.True(serials.Add(Convert.ToHexString(token.TokenInfo.GetSerialNumber().Span)));
            Assert.Equal(request.GetNonce()!.Value.ToArray(), token.TokenInfo.GetNonce()!.Value.ToArray());
        }

        Assert.Equal(25, serials.Count);
    }

    [Fact]
    public async Task RespondAsync_ConcurrentRequests_AllGrantedAndVerifiable()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var requests = Enumerable.Range(0, 32)
            .Select(i => Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData([(byte)i, 7]), HashAlgorithmName.SHA256, null, new byte[] { 0x10, (byte)i }, true))
            .ToList();

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(() => tsa.Authority.RespondAsync(r.Encode(), CancellationToken.None))));

        var tokens = requests.Zip(responses, (request, response) => request.ProcessResponse(response, out _)).ToList();
        Assert.All(tokens.Zip(requests), pair => Assert.True(pair.First.VerifySignatureForHash(pair.Second.GetMessageHash().Span, HashAlgorithmName.SHA256, out _, null)));
        Assert.Equal(32, tokens.Select(t => Convert.ToHexString(t.TokenInfo.GetSerialNumber().Span)).Distinct().Count());
    }

    [Fact]
    public async Task RespondAsync_CertReq_TokenHasTstInfoSignedAttributesAndClockTime()
    {
        using var tsa = await PkiTsa.CreateAsync();
        tsa.Pki.Time.Advance(TimeSpan.FromMilliseconds(1234.5678));
        var hash = SHA384.HashData("evidence chain head"u8);
        var request = Rfc3161TimestampRequest.CreateFromHash(hash, HashAlgorithmName.SHA384, requestSignerCertificates: true);

        var token = request.ProcessResponse(await tsa.Authority.RespondAsync(request.Encode(), CancellationToken.None), out _);

        var now = tsa.Pki.Time.GetUtcNow();
        // The token carries whole milliseconds ("...40.822Z"); System.Formats.Asn1 decodes some fractions one tick short.
        Assert.Equal(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero), token.TokenInfo.Timestamp, TimeSpan.FromTicks(1));
        Assert.Equal(1_000_000, token.TokenInfo.AccuracyInMicroseconds);
        Assert.Equal(hash, token.TokenInfo.GetMessageHash().ToArray());
        var signerInfo = Assert.Single(token.AsSignedCms().SignerInfos.Cast<SignerInfo>());
        Assert.Equal(tsa.Certificate.Certificate.RawData, signerInfo.Certificate!.RawData);
        var attributes = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().ToDictionary(a => a.Oid.Value!);
        Assert.Equal([CmsOids.SigningCertificateV2, "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"], attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(CmsOids.TstInfo, new Pkcs9ContentType { RawData = attributes["1.2.840.113549.1.9.3"].Values[0].RawData }.ContentType.Value);
        Assert.True(SigningCertificateV2.Identifies(attributes[CmsOids.SigningCertificateV2].Values[0].RawData, tsa.Certificate.Certificate));
        Assert.True(token.VerifySignatureForHash(hash, HashAlgorithmName.SHA384, out _, null));
    }

    [Fact]
    public async Task RespondAsync_NoCertReq_TokenCarriesNoCertificates()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var request = Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData("x"u8), HashAlgorithmName.SHA256, requestSignerCertificates: false);

        var token = request.ProcessResponse(await tsa.Authority.RespondAsync(request.Encode(), CancellationToken.None), out _);

        Assert.Empty(token.AsSignedCms().Certificates);
        Assert.True(token.VerifySignatureForHash(SHA256.HashData("x"u8), HashAlgorithmName.SHA256, out _, [tsa.Certificate.Certificate]));
    }

    [Fact]
    public async Task Ctor_CertificateWithoutTimeStampingEku_Throws()
    {
        using var pki = await TestPki.CreateAsync();
        var seal = await pki.Authority.IssueAsync("CN=Not a TSA", CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(30), CancellationToken.None);
        using var key = await pki.Keys.OpenSigningKeyAsync(seal.SigningKeyId, CancellationToken.None);

        var error = Assert.Throws<ArgumentException>(() => new TimestampAuthority(new TimestampAuthorityOptions(), seal.Certificate, key, [], pki.Time));

        Assert.StartsWith(
            "'CN=Not a TSA' is not a TSA certificate: its only extended key usage must be id-kp-timeStamping, marked critical (RFC 3161 §2.3).",
            error.Message);
    }

    [Theory]
    [InlineData("not-an-oid", "TimestampAuthority:PolicyOid 'not-an-oid' is not a dotted-decimal object identifier.")]
    [InlineData("3.1.2", "TimestampAuthority:PolicyOid '3.1.2' is not a dotted-decimal object identifier.")]
    public async Task Ctor_InvalidPolicyOid_Throws(string policy, string expected)
    {
        using var tsa = await PkiTsa.CreateAsync();
        using var key = await tsa.Pki.Keys.OpenSigningKeyAsync(tsa.Certificate.SigningKeyId, CancellationToken.None);

        var error = Assert.Throws<ArgumentException>(
            () => new TimestampAuthority(new TimestampAuthorityOptions { PolicyOid = policy }, tsa.Certificate.Certificate, key, [], tsa.Pki.Time));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task RespondAsync_ConfiguredPolicyAndTsaName_TokenCarriesBoth()
    {
        using var tsa = await PkiTsa.CreateAsync(options: new TimestampAuthorityOptions { PolicyOid = "1.3.6.1.4.1.99999.7", IncludeTsaName = true, Accuracy = TimeSpan.Zero });
        var request = Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData("x"u8), HashAlgorithmName.SHA256, new Oid("1.3.6.1.4.1.99999.7"));

        var token = request.ProcessResponse(await tsa.Authority.RespondAsync(request.Encode(), CancellationToken.None), out _);

        Assert.Equal("1.3.6.1.4.1.99999.7", token.TokenInfo.PolicyId.Value);
        Assert.Null(token.TokenInfo.AccuracyInMicroseconds);
        var name = new System.Formats.Asn1.AsnReader(token.TokenInfo.GetTimestampAuthorityName()!.Value, System.Formats.Asn1.AsnEncodingRules.DER)
            .ReadSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 4, true)).ReadEncodedValue();
        Assert.Equal(tsa.Certificate.Certificate.SubjectName.RawData, name.ToArray());
    }

    /// <summary>A TimeStampReq built by hand, so tests can send what Rfc3161TimestampRequest would refuse to build.</summary>
    private static byte[] EncodeRequest(byte[] hash, HashAlgorithmName algorithm, bool validateLength = true)
    {
        var oid = algorithm.Name switch { "SHA1" => CmsOids.Sha1, _ => CmsOids.Sha256 };
        Assert.True(!validateLength || hash.Length == (algorithm == HashAlgorithmName.SHA1 ? 20 : 32));
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                    writer.WriteNull();
                }

                writer.WriteOctetString(hash);
            }
        }

        return writer.Encode();
    }
}
