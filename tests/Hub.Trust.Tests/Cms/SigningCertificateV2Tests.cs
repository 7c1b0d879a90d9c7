using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Cms;
using Hub.Trust.Tests.Pki;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Cms;

public sealed class SigningCertificateV2Tests(ITestOutputHelper output)
{
    [Fact]
    public void Create_Sha256_OmitsDefaultAlgorithmAndCarriesHashIssuerAndSerial()
    {
        using var certificate = NewCertificate("CN=Seal A", "CN=Issuer A");

        var attribute = SigningCertificateV2.Create(certificate, HashAlgorithmName.SHA256);

        Assert.Equal(CmsOids.SigningCertificateV2, attribute.Oid!.Value);
        var essCertId = new AsnReader(attribute.RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadSequence();
        Assert.Equal(SHA256.HashData(certificate.RawData), essCertId.ReadOctetString());
        var issuerSerial = essCertId.ReadSequence();
        var directoryName = issuerSerial.ReadSequence().ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true));
        Assert.Equal(certificate.IssuerName.RawData, directoryName.ReadEncodedValue().ToArray());
        Assert.Equal(certificate.SerialNumberBytes.ToArray(), issuerSerial.ReadIntegerBytes().ToArray());
        Assert.False(essCertId.HasData);
    }

    [Fact]
    public void Create_Sha384_WritesAlgorithmAndIdentifiesOnlyItsCertificate()
    {
        using var certificate = NewCertificate("CN=Seal B", "CN=Issuer B");
        using var other = NewCertificate("CN=Seal B", "CN=Issuer B");

        var attribute = SigningCertificateV2.Create(certificate, HashAlgorithmName.SHA384);

        var essCertId = new AsnReader(attribute.RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadSequence();
        Assert.Equal(CmsOids.Sha384, essCertId.ReadSequence().ReadObjectIdentifier());
        Assert.True(SigningCertificateV2.Identifies(attribute.RawData, certificate));
        Assert.False(SigningCertificateV2.Identifies(attribute.RawData, other));
    }

    [Fact]
    public void Identifies_NotDer_ThrowsCryptographicException()
    {
        using var certificate = NewCertificate("CN=Seal C", "CN=Issuer C");

        var error = Assert.Throws<CryptographicException>(() => SigningCertificateV2.Identifies(new byte[] { 0x30, 0x05, 0x01 }, certificate));

        Assert.Equal("The signing-certificate-v2 attribute is not valid DER.", error.Message);
    }

    [Fact]
    public async Task Create_InSignedCms_OpenSslPrintsSigningCertificateV2()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var directory = new TestDirectory();
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=Signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var cms = new SignedCms(new ContentInfo("content"u8.ToArray()), detached: true);
        var signer = new CmsSigner(certificate);
        signer.SignedAttributes.Add(SigningCertificateV2.Create(certificate, HashAlgorithmName.SHA256));
        cms.ComputeSignature(signer);
        await File.WriteAllBytesAsync(directory.File("sig.der"), cms.Encode());

        var printed = await ExternalTool.RunCheckedInAsync(directory.Path, "openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der");

        Assert.Contains("id-smime-aa-signingCertificateV2", printed);
        Assert.Contains(Convert.ToHexString(SHA256.HashData(certificate.RawData))[..8].ToLowerInvariant(), printed.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
    }

    private static X509Certificate2 NewCertificate(string subject, string issuer)
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.Create(
            new X500DistinguishedName(issuer),
            X509SignatureGenerator.CreateForECDsa(issuerKey),
            DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddDays(1),
            RandomNumberGenerator.GetBytes(8).Select((b, i) => i == 0 ? (byte)((b & 0x7F) | 1) : b).ToArray());
    }
}
