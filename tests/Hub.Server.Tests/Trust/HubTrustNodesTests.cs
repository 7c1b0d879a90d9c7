using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Server.Secrets;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Pki;
using Npgsql;

namespace Hub.Server.Tests.Trust;

/// <summary>
/// Two nodes' trust services on one database and one data directory, starting at once: they converge on one CA, one
/// TSA certificate and one platform seal certificate (the designations replaced the per-node serial files).
/// </summary>
public sealed class HubTrustNodesTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-trust-nodes-").FullName;
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private string _connectionString = null!;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task TimestampAuthorityAsync_TwoNodesFirstUseAtOnce_BothSignWithTheOneDesignatedCertificate()
    {
        var nodes = new[] { Node(), Node() };

        var tsas = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.TimestampAuthorityAsync(CancellationToken.None))));

        var chains = await Task.WhenAll(nodes.Select(n => n.EnsureAuthorityAsync(CancellationToken.None)));
        Assert.Equal(chains[0].Root.RawData, chains[1].Root.RawData);
        var designated = await Designations().FindAsync(TrustDesignations.TimestampAuthority, CancellationToken.None);
        foreach (var tsa in tsas)
        {
            var request = Rfc3161TimestampRequest.CreateFromData("盖章"u8, HashAlgorithmName.SHA256, requestSignerCertificates: true);
            var token = request.ProcessResponse(await tsa.RespondAsync(request.Encode(), CancellationToken.None), out _);
            Assert.Equal(designated, token.AsSignedCms().SignerInfos[0].Certificate!.SerialNumber);
        }

        // A node that lost the designation revoked the certificate it issued, so only the designated one can serve.
        var revocations = await new DatabaseCertificateAuthorityStore(DataSource()).ListRevocationsAsync(CancellationToken.None);
        Assert.All(revocations, r => Assert.Equal(X509RevocationReason.Superseded, r.Reason));
        Assert.DoesNotContain(revocations, r => r.SerialNumber == designated);
    }

    [Fact]
    public async Task PlatformSealCertificateAsync_TwoNodesAtOnceThenAgain_OneCertificateKept()
    {
        var nodes = new[] { Node(), Node() };

        var first = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.PlatformSealCertificateAsync(CancellationToken.None))));
        var again = await Node().PlatformSealCertificateAsync(CancellationToken.None);

        Assert.Equal(first[0].SerialNumber, first[1].SerialNumber);
        Assert.Equal(first[0].SerialNumber, again.SerialNumber);
        Assert.Equal(HubTrust.PlatformSealSubject, again.Certificate.Subject);
        Assert.Equal(CertificateKind.Organisation, again.Kind);
        Assert.Equal(first[0].SerialNumber, await Designations().FindAsync(TrustDesignations.PlatformSeal, CancellationToken.None));
    }

    [Fact]
    public async Task TryDesignateAsync_ExpectedSerialStale_RefusedAndDesignationUnchanged()
    {
        var node = Node();
        await node.EnsureAuthorityAsync(CancellationToken.None);
        var seal = await node.PlatformSealCertificateAsync(CancellationToken.None);
        var other = await node.Authority.IssueAsync("CN=Other", CertificateKind.Organisation, Hub.Trust.Keys.KeyAlgorithm.EcdsaP256,
            TimeSpan.FromDays(30), CancellationToken.None);
        var designations = Designations();

        Assert.False(await designations.TryDesignateAsync(TrustDesignations.PlatformSeal, null, other.SerialNumber, CancellationToken.None));
        Assert.False(await designations.TryDesignateAsync(TrustDesignations.PlatformSeal, "0BAD", other.SerialNumber, CancellationToken.None));
        Assert.Equal(seal.SerialNumber, await designations.FindAsync(TrustDesignations.PlatformSeal, CancellationToken.None));
        Assert.True(await designations.TryDesignateAsync(TrustDesignations.PlatformSeal, seal.SerialNumber, other.SerialNumber, CancellationToken.None));
        Assert.Equal(other.SerialNumber, await designations.FindAsync(TrustDesignations.PlatformSeal, CancellationToken.None));
    }

    private HubTrust Node()
    {
        var dataSource = DataSource();
        return new HubTrust(DatabaseKeyRecords.KeyStore(dataSource, MasterKey.Load(_data)), new DatabaseCertificateAuthorityStore(dataSource),
            new TrustDesignations(dataSource, TimeProvider.System), TimeProvider.System);
    }

    private TrustDesignations Designations() => new(DataSource(), TimeProvider.System);

    private NpgsqlDataSource DataSource()
    {
        var dataSource = NpgsqlDataSource.Create(_connectionString);
        _dataSources.Add(dataSource);
        return dataSource;
    }
}
