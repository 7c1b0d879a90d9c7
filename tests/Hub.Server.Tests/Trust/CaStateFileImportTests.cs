using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Trust;

/// <summary>
/// A data directory from a Hub that kept its CA in <c>ca/ca-state.json</c> moves into the database at start-up in
/// one transaction: everything or nothing, and the file renamed so nobody edits a stale copy.
/// </summary>
public sealed class CaStateFileImportTests : IAsyncLifetime
{
    private static readonly TimeSpan OneYear = TimeSpan.FromDays(365);
    private readonly string _data = Directory.CreateTempSubdirectory("hub-ca-import-").FullName;
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private NpgsqlDataSource _dataSource = null!;

    private string CaDirectory => Path.Combine(_data, "ca");

    private string StateFile => Path.Combine(CaDirectory, FileCertificateAuthorityStore.FileName);

    public async Task InitializeAsync() => _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task ImportAsync_FileStateOfAnEarlierHub_ChainCertificatesRevocationsCrlNumberAndTsaKept()
    {
        var file = Authority(new FileCertificateAuthorityStore(CaDirectory));
        var chain = await file.InitAsync(CancellationToken.None);
        var kept = await file.IssueAsync("CN=Kept Seal, O=East", CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        var revoked = await file.IssueAsync("CN=Revoked Person", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        var tsa = await file.IssueAsync("CN=Hub Time-Stamping Authority, O=Hub", CertificateKind.TimestampAuthority, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        var revocation = await file.RevokeAsync(revoked.SerialNumber, X509RevocationReason.KeyCompromise, CancellationToken.None);
        await file.CreateCrlAsync(CancellationToken.None);
        await file.CreateCrlAsync(CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(CaDirectory, "tsa.serial"), tsa.SerialNumber);

        await Import().ImportAsync(_data, CancellationToken.None);

        var database = Authority(new DatabaseCertificateAuthorityStore(_dataSource));
        var imported = (await database.GetChainAsync(CancellationToken.None))!;
        Assert.Equal(chain.Root.RawData, imported.Root.RawData);
        Assert.Equal(chain.Issuing.RawData, imported.Issuing.RawData);
        foreach (var original in new[] { kept, revoked, tsa })
        {
            var found = await database.GetCertificateAsync(original.SerialNumber, CancellationToken.None);
            Assert.Equal(original.Certificate.RawData, found.Certificate.RawData);
            Assert.Equal((original.Kind, original.KeyId, original.IsExternal), (found.Kind, found.KeyId, found.IsExternal));
            Assert.Equal(original.Chain.Select(c => c.RawData), found.Chain.Select(c => c.RawData));
        }

        Assert.Equal(revocation, Assert.Single(await new DatabaseCertificateAuthorityStore(_dataSource).ListRevocationsAsync(CancellationToken.None)));
        var crl = await database.CreateCrlAsync(CancellationToken.None);
        var entries = CertificateRevocationListBuilder.Load(crl, out var crlNumber);
        Assert.Equal(new BigInteger(3), crlNumber);
        Assert.True(entries.RemoveEntry(revoked.Certificate.SerialNumberBytes.Span), "the CRL lists the imported revocation");
        Assert.Equal(tsa.SerialNumber, await new TrustDesignations(_dataSource, TimeProvider.System).FindAsync(TrustDesignations.TimestampAuthority, CancellationToken.None));
        // The keys stay in the data directory: the kept certificate still exports with its private key.
        Assert.NotEmpty(await database.ExportPkcs12Async(kept.SerialNumber, "pw", CancellationToken.None));
        Assert.False(File.Exists(StateFile));
        Assert.True(File.Exists(StateFile + CaStateFileImport.ImportedSuffix));
        Assert.True(File.Exists(Path.Combine(CaDirectory, "tsa.serial" + CaStateFileImport.ImportedSuffix)));

        // A second start finds nothing to import and changes nothing.
        await Import().ImportAsync(_data, CancellationToken.None);
        Assert.Equal(3, await CountAsync("ca_certificates"));
    }

    [Fact]
    public async Task ImportAsync_MalformedStateFile_RefusedNamingTheFileAndNothingImported()
    {
        Directory.CreateDirectory(CaDirectory);
        await File.WriteAllTextAsync(StateFile, """{ "Hierarchy": { "RootCertificate": "MAA=" """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Import().ImportAsync(_data, CancellationToken.None));

        Assert.StartsWith($"CA state file '{StateFile}' is not valid: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was imported.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(File.Exists(StateFile));
        Assert.Equal(0, await CountAsync("ca_hierarchy"));
    }

    [Fact]
    public async Task ImportAsync_SerialFileNamesAnUnknownCertificate_TransactionRolledBackAndFilesKept()
    {
        // The state itself is valid and goes in first; the serial file fails afterwards, inside the same transaction.
        var file = Authority(new FileCertificateAuthorityStore(CaDirectory));
        await file.InitAsync(CancellationToken.None);
        await file.IssueAsync("CN=Seal", CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        var serialFile = Path.Combine(CaDirectory, "platform-seal.serial");
        await File.WriteAllTextAsync(serialFile, "ABCDEF\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Import().ImportAsync(_data, CancellationToken.None));

        Assert.Equal($"Serial file '{serialFile}' names certificate ABCDEF, which the CA does not hold; nothing was imported.", error.Message);
        Assert.Equal(0, await CountAsync("ca_hierarchy"));
        Assert.Equal(0, await CountAsync("ca_certificates"));
        Assert.True(File.Exists(StateFile));
        Assert.True(File.Exists(serialFile));
    }

    [Fact]
    public async Task ImportAsync_RevocationOfACertificateNotInTheFile_RefusedAsNotValid()
    {
        var store = new FileCertificateAuthorityStore(CaDirectory);
        await Authority(store).InitAsync(CancellationToken.None);
        await store.TryAddRevocationAsync(new RevocationRecord("0BAD", X509RevocationReason.Superseded, DateTimeOffset.UnixEpoch), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Import().ImportAsync(_data, CancellationToken.None));

        Assert.Equal($"CA state file '{StateFile}' is not valid: revocation of 0BAD names no certificate of the file; nothing was imported.", error.Message);
        Assert.Equal(0, await CountAsync("ca_hierarchy"));
    }

    [Fact]
    public async Task ImportAsync_DatabaseHoldsAnotherCa_RefusedAndFileKept()
    {
        await Authority(new DatabaseCertificateAuthorityStore(_dataSource)).InitAsync(CancellationToken.None);
        var other = Path.Combine(_data, "other");
        var otherKeys = new SoftwareKeyStore(new SoftwareKeyStoreOptions { Directory = Path.Combine(other, "keys"), MasterKey = _masterKey });
        await new CertificateAuthority(otherKeys, new FileCertificateAuthorityStore(CaDirectory),
            new CertificateAuthorityOptions { CaKeyAlgorithm = KeyAlgorithm.EcdsaP256 }, TimeProvider.System).InitAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Import().ImportAsync(_data, CancellationToken.None));

        Assert.StartsWith($"CA state file '{StateFile}' holds a different CA than the database (root SHA-256 ", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(StateFile));
        Assert.Equal(1, await CountAsync("ca_hierarchy"));
    }

    private CertificateAuthority Authority(ICertificateAuthorityStore store) => new(
        new SoftwareKeyStore(new SoftwareKeyStoreOptions { Directory = Path.Combine(_data, "keys"), MasterKey = _masterKey }),
        store,
        new CertificateAuthorityOptions { CaKeyAlgorithm = KeyAlgorithm.EcdsaP256 },
        TimeProvider.System);

    private CaStateFileImport Import() => new(_dataSource, NullLogger<CaStateFileImport>.Instance);

    private async Task<long> CountAsync(string table)
    {
        await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM hub.{table}");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
