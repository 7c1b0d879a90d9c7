using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Verification;
using Npgsql;

namespace Hub.Server.Tests.Trust;

/// <summary>
/// The published CRL (anonymous <c>GET /ca/crl</c>, and every UKey answer) is signed again only when a revocation is
/// new, so nobody can make the CA sign in a loop, yet a revocation written by any node is listed by the next call.
/// </summary>
public sealed class PublishedCrlTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Crl_FetchedRepeatedly_IsOneSignedListAndUsesNoNewNumber()
    {
        using var client = hub.Anonymous();
        var first = await client.GetByteArrayAsync("/ca/crl");
        var number = await LastCrlNumberAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(first, await client.GetByteArrayAsync("/ca/crl"));
        }

        Assert.Equal(number, await LastCrlNumberAsync());
    }

    [Fact]
    public async Task Crl_AfterARevocationWrittenBehindItsBack_ListsItOnTheNextFetch()
    {
        using var client = hub.Anonymous();
        var trust = hub.Service<HubTrust>();
        var before = await client.GetByteArrayAsync("/ca/crl");
        var issued = await trust.Authority.IssueAsync("CN=Revoked soon, O=Hub Test", CertificateKind.Organisation,
            KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(30), CancellationToken.None);
        // Through the CA facade, not HubTrust: like another node writing the revocation to the shared database.
        await trust.Authority.RevokeAsync(issued.SerialNumber, System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise,
            CancellationToken.None);

        var after = await client.GetByteArrayAsync("/ca/crl");

        Assert.NotEqual(before, after);
        var list = CertificateRevocationList.TryParse(after);
        Assert.NotNull(list);
        var chain = await trust.EnsureAuthorityAsync(CancellationToken.None);
        Assert.True(list.IsSignedBy(chain.Issuing));
        Assert.Equal(System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise, list.EntryOf(issued.Certificate)?.Reason);
        Assert.Null(CertificateRevocationList.TryParse(before)!.EntryOf(issued.Certificate));
    }

    private async Task<long> LastCrlNumberAsync()
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT last_number FROM hub.ca_crl_number", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
