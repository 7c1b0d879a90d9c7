using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Server.Tests.Trust;

/// <summary>
/// The CA's state in PostgreSQL under two nodes at once: the races the file store lost (a personal certificate
/// issued on each node, two first starts) end with every record kept and one CA.
/// </summary>
public sealed class DatabaseCertificateAuthorityStoreTests
{
    private static readonly TimeSpan OneYear = TimeSpan.FromDays(365);

    [Fact]
    public async Task InitAsync_TwoNodesAtOnce_BothReturnTheOneStoredHierarchy()
    {
        // Both nodes read "not initialised" before either saves (the first read of each waits for the other's), so
        // both create a hierarchy and one loses the save: the race two first starts run.
        await using var nodes = await TwoCaNodes.CreateAsync(firstReadsMeet: true);

        var chains = await Task.WhenAll(nodes.Authorities.Select(a => Task.Run(() => a.InitAsync(CancellationToken.None))));

        var stored = (await nodes.Stores[1].GetHierarchyAsync(CancellationToken.None))!;
        Assert.All(chains, chain => Assert.Equal(stored.RootCertificate, chain.Root.RawData));
        Assert.All(chains, chain => Assert.Equal(stored.IssuingCertificate, chain.Issuing.RawData));
        Assert.Equal(1, await nodes.CountAsync("ca_hierarchy"));
        // The winner's issuing key signs for both nodes: a certificate from the loser chains to the stored root.
        var issued = await nodes.Authorities[1].IssueAsync("CN=After Race", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        using var verifier = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck } };
        verifier.ChainPolicy.CustomTrustStore.Add(chains[0].Root);
        verifier.ChainPolicy.ExtraStore.Add(chains[0].Issuing);
        Assert.True(verifier.Build(issued.Certificate), string.Join("; ", verifier.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public async Task IssueAsync_FortyInParallelOnTwoNodes_EveryCertificateFindableFromEitherNode()
    {
        await using var nodes = await TwoCaNodes.CreateAsync();
        await nodes.Authorities[0].InitAsync(CancellationToken.None);

        var issued = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => nodes.Authorities[i % 2].IssueAsync(
            $"CN=Person {i}", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None))));

        Assert.Equal(40, issued.Select(c => c.SerialNumber).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(40, await nodes.CountAsync("ca_certificates"));
        foreach (var (certificate, i) in issued.Select((c, i) => (c, i)))
        {
            var found = await nodes.Authorities[(i + 1) % 2].GetCertificateAsync(certificate.SerialNumber, CancellationToken.None);
            Assert.Equal(certificate.Certificate.RawData, found.Certificate.RawData);
            Assert.Equal($"CN=Person {i}", found.Certificate.Subject);
            Assert.Equal(certificate.Chain.Select(c => c.RawData), found.Chain.Select(c => c.RawData));
        }
    }

    [Fact]
    public async Task RevokeAsync_SameCertificateOnBothNodesAtOnce_OneRevocationAndTheOtherRefused()
    {
        await using var nodes = await TwoCaNodes.CreateAsync();
        await nodes.Authorities[0].InitAsync(CancellationToken.None);
        var issued = await nodes.Authorities[0].IssueAsync("CN=Revoked Once", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);

        var attempts = nodes.Authorities.Select(a => Task.Run(() => a.RevokeAsync(issued.SerialNumber, X509RevocationReason.KeyCompromise, CancellationToken.None))).ToList();
        await Task.WhenAll(attempts.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default)));

        var refused = Assert.IsType<CertificateAuthorityException>(Assert.Single(attempts, a => a.IsFaulted).Exception!.InnerException);
        Assert.Equal($"Certificate {issued.SerialNumber} is revoked already.", refused.Message);
        var revocation = Assert.Single(await nodes.Stores[1].ListRevocationsAsync(CancellationToken.None));
        Assert.Equal(await Assert.Single(attempts, a => a.IsCompletedSuccessfully), revocation);
    }

    [Fact]
    public async Task CreateCrlAsync_TwentyInParallelOnTwoNodes_NumbersDistinctAndTheNextIsGreater()
    {
        await using var nodes = await TwoCaNodes.CreateAsync();
        await nodes.Authorities[0].InitAsync(CancellationToken.None);

        var crls = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => nodes.Authorities[i % 2].CreateCrlAsync(CancellationToken.None))));
        var numbers = crls.Select(CrlNumber).ToList();
        var next = CrlNumber(await nodes.Authorities[1].CreateCrlAsync(CancellationToken.None));

        Assert.Equal(Enumerable.Range(1, 20).Select(n => new BigInteger(n)), numbers.Order());
        Assert.Equal(21, next);
    }

    [Fact]
    public async Task TryAddRevocationAsync_EveryReasonACrlMayCarry_RoundTripsByName()
    {
        await using var nodes = await TwoCaNodes.CreateAsync();
        var store = nodes.Stores[0];
        var revokedAt = new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.FromHours(8));
        var reasons = Enum.GetValues<X509RevocationReason>().Where(r => r != X509RevocationReason.RemoveFromCrl).ToList();
        foreach (var (reason, i) in reasons.Select((r, i) => (r, i)))
        {
            var serial = (0xA0 + i).ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(await store.TryAddCertificateAsync(
                new IssuedCertificateRecord(serial, CertificateKind.Organisation, "CN=R", [0x30, 0x00], "k-" + serial, revokedAt, false, [[0x30, 0x01]]),
                CancellationToken.None));
            Assert.True(await store.TryAddRevocationAsync(new RevocationRecord(serial, reason, revokedAt), CancellationToken.None));
        }

        Assert.False(await store.TryAddRevocationAsync(new RevocationRecord("A0", X509RevocationReason.Superseded, revokedAt), CancellationToken.None));
        var listed = await nodes.Stores[1].ListRevocationsAsync(CancellationToken.None);
        Assert.Equal(reasons, listed.OrderBy(r => r.SerialNumber, StringComparer.Ordinal).Select(r => r.Reason));
        Assert.All(listed, r => Assert.Equal(revokedAt, r.RevokedAt));
    }

    [Fact]
    public async Task TryAddCertificateAsync_SerialRecordedAlready_FalseAndTheFirstKept()
    {
        await using var nodes = await TwoCaNodes.CreateAsync();
        var at = DateTimeOffset.UnixEpoch;

        Assert.True(await nodes.Stores[0].TryAddCertificateAsync(
            new IssuedCertificateRecord("0A0B", CertificateKind.Person, "CN=First", [0x30, 0x00], "k1", at, false, []), CancellationToken.None));
        Assert.False(await nodes.Stores[1].TryAddCertificateAsync(
            new IssuedCertificateRecord("0A0B", CertificateKind.Organisation, "CN=Second", [0x30, 0x01], "k2", at, true, []), CancellationToken.None));

        var found = (await nodes.Stores[1].FindCertificateAsync("0A0B", CancellationToken.None))!;
        Assert.Equal(("CN=First", CertificateKind.Person, "k1", false), (found.Subject, found.Kind, found.KeyId, found.IsExternal));
        Assert.Empty(found.Chain);
        Assert.Null(await nodes.Stores[0].FindCertificateAsync("0A0C", CancellationToken.None));
    }

    private static BigInteger CrlNumber(byte[] crl)
    {
        CertificateRevocationListBuilder.Load(crl, out var number);
        return number;
    }
}
