using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Cms;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Tests.Pki;
using Hub.Trust.Timestamps;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Timestamps;

/// <summary>The client against TSAs that are not the Hub's: OpenSSL's (an independent implementation) and a forger's.</summary>
public sealed class TimestampClientInteropTests(ITestOutputHelper output)
{
    private static readonly byte[] Document = "labour contract 2026-07"u8.ToArray();

    [Fact]
    public async Task TimestampDataAsync_OpenSslTsa_AcceptsItsToken()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var tsa = await PkiTsa.CreateAsync(KeyAlgorithm.EcdsaP256);
        var dir = tsa.Pki.Directory;
        await File.WriteAllTextAsync(dir.File("tsa.pem"), tsa.Certificate.Certificate.ExportCertificatePem());
        var pkcs8 = await tsa.Pki.Keys.ExportPkcs8Async(tsa.Certificate.SigningKeyId, CancellationToken.None);
        await File.WriteAllTextAsync(dir.File("tsa.key"), new string(PemEncoding.Write("PRIVATE KEY", pkcs8)));
        await File.WriteAllTextAsync(dir.File("serial"), "01\n");
        tsa.WriteChainPem();
        await File.WriteAllTextAsync(dir.File("tsa.cnf"), """
            [ tsa ]
            default_tsa = hub_test
            [ hub_test ]
            serial = ./serial
            signer_cert = ./tsa.pem
            signer_key = ./tsa.key
            certs = ./chain.pem
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.99999.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ess_cert_id_alg = sha256
            """);
        await using var server = new LoopbackServer(async context =>
        {
            var name = Guid.NewGuid().ToString("N");
            await using (var file = File.Create(dir.File(name + ".tsq")))
            {
                await context.Request.InputStream.CopyToAsync(file);
            }

            await ExternalTool.RunCheckedInAsync(dir.Path, "openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", name + ".tsq", "-out", name + ".tsr");
            var body = await File.ReadAllBytesAsync(dir.File(name + ".tsr"));
            context.Response.ContentType = "application/timestamp-reply";
            await context.Response.OutputStream.WriteAsync(body);
        });
        using var http = new HttpClient();

        var token = await new TimestampClient(http, new TimestampClientOptions { Url = server.Url }).TimestampDataAsync(Document, CancellationToken.None);

        Assert.Equal("1.3.6.1.4.1.99999.1", token.TokenInfo.PolicyId.Value);
        Assert.Equal(SHA256.HashData(Document), token.TokenInfo.GetMessageHash().ToArray());
        Assert.Equal([0x02], token.TokenInfo.GetSerialNumber().ToArray()); // openssl increments the serial file before use
    }

    [Fact]
    public async Task TimestampDataAsync_TokenSignedWithoutTimeStampingEku_Throws()
    {
        using var pki = await TestPki.CreateAsync();
        var notTsa = await pki.Authority.IssueAsync("CN=Seal posing as TSA", CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(30), CancellationToken.None);
        using var key = await pki.Keys.OpenSigningKeyAsync(notTsa.SigningKeyId, CancellationToken.None);
        await using var server = new LoopbackServer(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Assert.True(Rfc3161TimestampRequest.TryDecode(body.ToArray(), out var request, out _));
            var response = TimeStampResponse.EncodeGranted(ForgeToken(request!, notTsa.Certificate, key));
            context.Response.ContentType = "application/timestamp-reply";
            await context.Response.OutputStream.WriteAsync(response);
        });
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<TimestampException>(
            () => new TimestampClient(http, new TimestampClientOptions { Url = server.Url }).TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal("TSA certificate 'CN=Seal posing as TSA' lacks the critical id-kp-timeStamping extended key usage (RFC 3161 §2.3).", error.Message);
    }

    /// <summary>A well-formed token for the request, signed by a certificate that is no TSA's.</summary>
    private static byte[] ForgeToken(Rfc3161TimestampRequest request, X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        var info = new Rfc3161TimestampTokenInfo(
            new Oid("1.2.3.4"), request.HashAlgorithmId, request.GetMessageHash(), new byte[] { 0x07 }, DateTimeOffset.UtcNow, nonce: request.GetNonce());
        var cms = new SignedCms(new ContentInfo(new Oid(CmsOids.TstInfo), info.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, key) { IncludeOption = X509IncludeOption.EndCertOnly };
        signer.SignedAttributes.Add(SigningCertificateV2.Create(certificate, HashAlgorithmName.SHA256));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }
}
