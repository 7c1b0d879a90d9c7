using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pki;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pki;

/// <summary>Imports PKCS#12 files that openssl makes at test time, standing in for a licensed external CA.</summary>
public sealed class ExternalCaImportTests(ITestOutputHelper output)
{
    private const string Password = "ext-pw";

    [Fact]
    public async Task ImportPkcs12Async_WithChainInside_StoresKeyThatSignsForCertificate()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var pki = await TestPki.CreateAsync();
        var p12 = await MakeExternalPkcs12Async(pki.Directory, pki.Time, "keyUsage=critical,digitalSignature,nonRepudiation", includeCa: true);

        var imported = await pki.Authority.ImportPkcs12Async(p12, Password, CertificateKind.Organisation, null, CancellationToken.None);

        Assert.True(imported.IsExternal);
        Assert.Equal("CN=External Seal, O=External Org", imported.Certificate.Subject);
        Assert.Equal("CN=External CA", Assert.Single(imported.Chain).Subject);
        var hash = SHA256.HashData("document"u8);
        var signature = await pki.Keys.SignHashAsync(imported.SigningKeyId, hash, HashAlgorithmName.SHA256, CancellationToken.None);
        Assert.True(imported.Certificate.GetRSAPublicKey()!.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var again = await pki.Authority.GetCertificateAsync(imported.SerialNumber, CancellationToken.None);
        Assert.Equal(imported.Certificate.RawData, again.Certificate.RawData);
        var revoke = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.RevokeAsync(imported.SerialNumber, X509RevocationReason.KeyCompromise, CancellationToken.None));
        Assert.Equal($"Certificate {imported.SerialNumber} was issued by an external CA; revoke it there.", revoke.Message);
    }

    [Fact]
    public async Task ImportPkcs12Async_ChainMissing_ThrowsUnlessChainGiven()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var pki = await TestPki.CreateAsync();
        var p12 = await MakeExternalPkcs12Async(pki.Directory, pki.Time, "keyUsage=critical,digitalSignature", includeCa: false);
        var ca = X509CertificateLoader.LoadCertificateFromFile(pki.Directory.File("ext-ca.pem"));

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.ImportPkcs12Async(p12, Password, CertificateKind.Person, null, CancellationToken.None));
        var imported = await pki.Authority.ImportPkcs12Async(p12, Password, CertificateKind.Person, [ca], CancellationToken.None);

        Assert.StartsWith("The chain of 'CN=External Seal, O=External Org' is incomplete or invalid; give the issuer certificates up to the root", error.Message);
        Assert.Equal(ca.RawData, Assert.Single(imported.Chain).RawData);
    }

    [Fact]
    public async Task ImportPkcs12Async_KeyUsageWithoutSigning_Throws()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var pki = await TestPki.CreateAsync();
        var p12 = await MakeExternalPkcs12Async(pki.Directory, pki.Time, "keyUsage=critical,keyEncipherment", includeCa: true);

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.ImportPkcs12Async(p12, Password, CertificateKind.Organisation, null, CancellationToken.None));

        Assert.Equal(
            "'CN=External Seal, O=External Org' has key usage KeyEncipherment, which allows neither digitalSignature nor nonRepudiation.",
            error.Message);
    }

    [Fact]
    public async Task ImportPkcs12Async_WrongPassword_Throws()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var pki = await TestPki.CreateAsync();
        var p12 = await MakeExternalPkcs12Async(pki.Directory, pki.Time, "keyUsage=critical,digitalSignature", includeCa: true);

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.ImportPkcs12Async(p12, "not-the-password", CertificateKind.Organisation, null, CancellationToken.None));

        Assert.StartsWith("The PKCS#12 cannot be opened (wrong password, or not a PKCS#12 file)", error.Message);
    }

    /// <summary>openssl req/x509/pkcs12: a self-signed external CA, a leaf with the given key usage, and its PKCS#12.</summary>
    private static async Task<byte[]> MakeExternalPkcs12Async(TestDirectory dir, ManualTime clock, string keyUsage, bool includeCa)
    {
        var cwd = dir.Path;
        await ExternalTool.RunCheckedInAsync(cwd, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ext-ca.key", "-out", "ext-ca.pem",
            "-subj", "/CN=External CA", "-days", "30",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        await ExternalTool.RunCheckedInAsync(cwd, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
            "-subj", "/O=External Org/CN=External Seal");
        await File.WriteAllTextAsync(dir.File("leaf.ext"), $"basicConstraints=CA:FALSE\n{keyUsage}\n");
        await ExternalTool.RunCheckedInAsync(cwd, "openssl", "x509", "-req", "-in", "leaf.csr", "-CA", "ext-ca.pem", "-CAkey", "ext-ca.key", "-CAcreateserial",
            "-out", "leaf.pem", "-days", "10", "-extfile", "leaf.ext");
        string[] export = ["pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-out", "leaf.p12", "-passout", "pass:" + Password];
        await ExternalTool.RunCheckedInAsync(cwd, "openssl", includeCa ? [.. export, "-certfile", "ext-ca.pem"] : export);

        // openssl dated the certificates from the real clock, which has moved on since the test CA's clock was set.
        clock.Set(DateTimeOffset.UtcNow);
        return await File.ReadAllBytesAsync(dir.File("leaf.p12"));
    }
}
