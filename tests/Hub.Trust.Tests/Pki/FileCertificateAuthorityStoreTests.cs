using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Trust.Tests.Pki;

public sealed class FileCertificateAuthorityStoreTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TryAddCertificateAsync_DuplicateSerial_ReturnsFalseAndKeepsFirst()
    {
        var store = new FileCertificateAuthorityStore(_directory.File("ca"));
        var first = Record("0A0B", "CN=First");

        Assert.True(await store.TryAddCertificateAsync(first, CancellationToken.None));
        Assert.False(await store.TryAddCertificateAsync(Record("0A0B", "CN=Second"), CancellationToken.None));

        Assert.Equal("CN=First", (await new FileCertificateAuthorityStore(_directory.File("ca")).FindCertificateAsync("0A0B", CancellationToken.None))!.Subject);
    }

    [Fact]
    public async Task NextCrlNumberAsync_ConcurrentAndAcrossInstances_StrictlyIncreasing()
    {
        var store = new FileCertificateAuthorityStore(_directory.File("ca"));

        var numbers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.NextCrlNumberAsync(CancellationToken.None)));
        var next = await new FileCertificateAuthorityStore(_directory.File("ca")).NextCrlNumberAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), numbers.Order());
        Assert.Equal(21, next);
    }

    [Fact]
    public async Task TryAddRevocationAsync_StateFile_IsOwnerOnlyAndRevocationSurvivesReload()
    {
        var store = new FileCertificateAuthorityStore(_directory.File("ca"));
        var revokedAt = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

        Assert.True(await store.TryAddRevocationAsync(new RevocationRecord("0C", X509RevocationReason.CessationOfOperation, revokedAt), CancellationToken.None));
        Assert.False(await store.TryAddRevocationAsync(new RevocationRecord("0C", X509RevocationReason.KeyCompromise, revokedAt), CancellationToken.None));

        var reloaded = await new FileCertificateAuthorityStore(_directory.File("ca")).ListRevocationsAsync(CancellationToken.None);
        Assert.Equal(new RevocationRecord("0C", X509RevocationReason.CessationOfOperation, revokedAt), Assert.Single(reloaded));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory.File("ca"), "ca-state.json")));
        }
    }

    [Fact]
    public async Task CertificateAuthority_ReopenedOnSameDirectories_KeepsHierarchyCertificatesAndCrlNumbers()
    {
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var time = ManualTime.StartingNow();
        CertificateAuthority Open() => new(
            new SoftwareKeyStore(new SoftwareKeyStoreOptions { Directory = _directory.File("keys"), MasterKey = masterKey }),
            new FileCertificateAuthorityStore(_directory.File("ca")),
            new CertificateAuthorityOptions { CaKeyAlgorithm = KeyAlgorithm.EcdsaP256 },
            time);
        var first = Open();
        var chain = await first.InitAsync(CancellationToken.None);
        var issued = await first.IssueAsync("CN=Persisted", CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(30), CancellationToken.None);
        CertificateRevocationListBuilder.Load(await first.CreateCrlAsync(CancellationToken.None), out var firstNumber);

        var second = Open();
        var reloadedChain = await second.GetChainAsync(CancellationToken.None);
        var reloaded = await second.GetCertificateAsync(issued.SerialNumber, CancellationToken.None);
        CertificateRevocationListBuilder.Load(await second.CreateCrlAsync(CancellationToken.None), out var secondNumber);

        Assert.Equal(chain.Root.RawData, reloadedChain!.Root.RawData);
        Assert.Equal(issued.Certificate.RawData, reloaded.Certificate.RawData);
        Assert.Equal([chain.Issuing.RawData, chain.Root.RawData], reloaded.Chain.Select(c => c.RawData));
        Assert.True(secondNumber > firstNumber);
    }

    [Fact]
    public async Task ReadStateAsync_AfterIssueRevokeAndCrl_ReturnsEveryRecordAndTheCrlNumber()
    {
        var store = new FileCertificateAuthorityStore(_directory.File("ca"));
        var hierarchy = new CaHierarchyRecord([0x30, 0x01], "ca-root", [0x30, 0x02], "ca-issuing");
        var revokedAt = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
        Assert.True(await store.TrySaveHierarchyAsync(hierarchy, CancellationToken.None));
        Assert.True(await store.TryAddCertificateAsync(Record("0A", "CN=A"), CancellationToken.None));
        Assert.True(await store.TryAddCertificateAsync(Record("0B", "CN=B"), CancellationToken.None));
        Assert.True(await store.TryAddRevocationAsync(new RevocationRecord("0B", X509RevocationReason.Superseded, revokedAt), CancellationToken.None));
        await store.NextCrlNumberAsync(CancellationToken.None);
        await store.NextCrlNumberAsync(CancellationToken.None);

        var state = await new FileCertificateAuthorityStore(_directory.File("ca")).ReadStateAsync(CancellationToken.None);

        Assert.Equal(hierarchy.RootCertificate, state.Hierarchy!.RootCertificate);
        Assert.Equal("ca-issuing", state.Hierarchy.IssuingKeyId);
        Assert.Equal(["CN=A", "CN=B"], state.Certificates.Select(c => c.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(new RevocationRecord("0B", X509RevocationReason.Superseded, revokedAt), Assert.Single(state.Revocations));
        Assert.Equal(2, state.CrlNumber);
    }

    [Theory]
    [InlineData("""{"Hierarchy":null,"Certificates":{"0A":{"SerialNumber":"0A","Kind":"Person","Subject":"CN=A","Certificate":null,"KeyId":"k","RecordedAt":"2026-01-01T00:00:00+00:00","IsExternal":false,"Chain":[]}},"Revocations":{},"CrlNumber":0}""", "Certificate")]
    [InlineData("""{"Hierarchy":{"RootCertificate":"MAE=","RootKeyId":"ca-root","IssuingCertificate":"MAI="},"Certificates":{},"Revocations":{},"CrlNumber":0}""", "IssuingKeyId")]
    public async Task ReadStateAsync_RequiredMemberMissingOrNull_ThrowsNamingFileAndMember(string json, string member)
    {
        Directory.CreateDirectory(_directory.File("ca"));
        var path = Path.Combine(_directory.File("ca"), FileCertificateAuthorityStore.FileName);
        await File.WriteAllTextAsync(path, json);

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => new FileCertificateAuthorityStore(_directory.File("ca")).ReadStateAsync(CancellationToken.None));

        Assert.StartsWith($"CA state file '{path}' is not valid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }

    private static IssuedCertificateRecord Record(string serial, string subject) =>
        new(serial, CertificateKind.Person, subject, [0x30, 0x00], "cert-" + serial, DateTimeOffset.UnixEpoch, false, []);
}
