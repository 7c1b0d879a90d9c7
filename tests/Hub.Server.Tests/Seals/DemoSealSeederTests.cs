using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Providers.Local;
using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Server.Hosting;
using Hub.Server.Persistence;
using Hub.Server.Secrets;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Seeding;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// The demo group's seals on a fresh database: every entity's electronic seals bound to Hub CA certificates, the
/// custodians, the standing grants the shipped flows use and 华南制造's physical seal; a second run adds nothing; the
/// local identity provider's register holds the demo enterprises and their legal representatives.
/// </summary>
public sealed class DemoSealSeederTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-demo-seals-").FullName;
    private string _connectionString = null!;
    private NpgsqlDataSource _runtime = null!;
    private LocalIdentityProvider _local = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        _runtime = NpgsqlDataSource.Create(TestPostgres.AsRuntimeRole(_connectionString));
        _local = LocalIdentityProvider.Start(new LocalIdentityRegistry());
        await using var db = new HubDbContext(new DbContextOptionsBuilder<HubDbContext>().UseNpgsql(_connectionString).Options);
        await new DemoGroupSeeder(db, new PasswordHasher<User>(), TimeProvider.System,
            new HubServerOptions { ConnectionString = _connectionString, DataDirectory = _data }, NullLogger<DemoGroupSeeder>.Instance)
            .SeedIfEmptyAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _local.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Seed_TwiceOnTheDemoGroup_EverySealGrantAndCustodianOnceWithCertificates()
    {
        await SeederAsync();
        var first = await SnapshotAsync();
        await SeederAsync();

        Assert.Equal(first, await SnapshotAsync());
        var seals = await SealStore.ListAsync(_runtime, [""], null, CancellationToken.None);
        Assert.Equal(15, seals.Count);
        Assert.All(seals.Where(s => s.Medium == SealMedium.Electronic), s => Assert.NotNull(s.CertificateSerial));
        Assert.Equal(["华东贸易有限公司 发票专用章", "华南制造有限公司 发票专用章"],
            seals.Where(s => s.Type == SealType.Invoice).Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(seals, s => s.Type == SealType.Invoice && s.OrganisationName == DemoGroupSeeder.GroupName);
        var physical = Assert.Single(seals, s => s.Medium == SealMedium.Physical);
        Assert.Equal((DemoGroupSeeder.SouthName, DemoSealSeeder.SouthStampDevice), (physical.OrganisationName, physical.DeviceId));
        Assert.Single(physical.Custodians);
        Assert.All(seals, s => Assert.Single(s.Custodians));

        var east = seals.Single(s => s.OrganisationName == DemoGroupSeeder.EastName && s.Type == SealType.Finance);
        var expense = Assert.Single(await SealGrantStore.InForceAsync(_runtime, east.Id, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(["expense"], expense.Categories);
        Assert.Equal(("expense-reimbursement", true, 1_000_000m, "CNY"), (expense.RequiredDefinitionId, expense.AllowsUnattended, expense.AmountLimit, expense.Currency));
        var southContract = seals.Single(s => s.OrganisationName == DemoGroupSeeder.SouthName && s.Type == SealType.Contract && s.Medium == SealMedium.Electronic);
        var contractGrants = await SealGrantStore.InForceAsync(_runtime, southContract.Id, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(["procurement-contract", "seal-use-application"], contractGrants.Select(g => g.RequiredDefinitionId).Order(StringComparer.Ordinal));
        Assert.All(contractGrants, g => Assert.Equal((GranteeKind.Role, "SealCustodian", false), (g.GranteeKind, g.Grantee, g.AllowsUnattended)));
        Assert.Equal([DemoSealSeeder.SealUseApplicationCategory],
            Assert.Single(await SealGrantStore.InForceAsync(_runtime, physical.Id, DateTimeOffset.UtcNow, CancellationToken.None)).Categories);
    }

    [Fact]
    public async Task Seed_LocalProviderServing_RegisterHoldsTheDemoEnterprisesAndTheirRepresentatives()
    {
        await SeederAsync();

        var east = _local.Registry.FindEnterprise("91310000MA0000002" + UnifiedSocialCreditCode.CheckCharacter("91310000MA0000002"));
        Assert.Equal((DemoGroupSeeder.EastName, "李华", false), (east!.Name, east.LegalRepresentative, east.Deregistered));
        Assert.NotNull(_local.Registry.FindEnterprise("91440300MA0000003" + UnifiedSocialCreditCode.CheckCharacter("91440300MA0000003")));
        var representative = _local.Registry.FindPerson("31010419780512002" + ResidentIdNumber.CheckCharacter("31010419780512002"));
        Assert.Equal("李华", representative!.Name);
        Assert.True(ResidentIdNumber.TryParse(representative.IdNumber, DateOnly.FromDateTime(DateTime.UtcNow), out _, out var error), error);
    }

    private async Task SeederAsync()
    {
        var time = TimeProvider.System;
        var trust = new HubTrust(DatabaseKeyRecords.KeyStore(_runtime, MasterKey.Load(_data)), new DatabaseCertificateAuthorityStore(_runtime),
            new TrustDesignations(_runtime, time), time);
        await using var services = new ServiceCollection().AddSingleton(_local).BuildServiceProvider();
        await new DemoSealSeeder(_runtime, new SealCertificates(_runtime, trust, time), time, services, NullLogger<DemoSealSeeder>.Instance)
            .SeedAsync(CancellationToken.None);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var command = _runtime.CreateCommand("""
            SELECT (SELECT count(*) FROM hub.seals) || '/' || (SELECT count(*) FROM hub.seal_custodians) || '/' || (SELECT count(*) FROM hub.seal_grants)
                || '/' || (SELECT count(*) FROM hub.ca_certificates) || '/' || (SELECT count(*) FROM hub.evidence_log)
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
