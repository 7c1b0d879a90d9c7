using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Providers.Local;
using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Workflows.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Seeding;

/// <summary>
/// Gives the demo group what a newcomer needs to run every shipped flow to a sealed PDF on first start: for HQ and each
/// subsidiary its official, contract, finance and legal-representative seals (subsidiaries also an invoice seal), all
/// electronic with certificates from the Hub CA, kept by the demo custodians; the standing grants the shipped flows use;
/// a physical official seal at 华南制造; and, when the local identity provider serves, the demo enterprises and their
/// legal representatives in its register. Runs on every start and adds only what is missing, so it is idempotent and
/// finishes what a crash interrupted; it touches nothing outside the demo group.
/// </summary>
internal sealed class DemoSealSeeder(NpgsqlDataSource db, SealCertificates certificates, TimeProvider time, IServiceProvider services,
    ILogger<DemoSealSeeder> logger)
{
    /// <summary>The document category the demo grants for seal-use applications name.</summary>
    public const string SealUseApplicationCategory = "general";

    /// <summary>The device id of 华南制造's physical official seal.</summary>
    public const string SouthStampDevice = "HN-STAMP-0001";

    private static readonly SealType[] EntitySeals = [SealType.Official, SealType.Contract, SealType.Finance, SealType.LegalRepresentative];

    // Fictitious legal representatives of the demo entities (check digits computed, GB 11643), registered with the local
    // provider so a demo enterprise's verification succeeds; docs/seals.md lists them.
    private static readonly Dictionary<string, (string IdFirst17, string Mobile)> Representatives = new(StringComparer.Ordinal)
    {
        ["王建国"] = ("11010519650307001", "13800010001"),
        ["李华"] = ("31010419780512002", "13800010002"),
        ["陈明"] = ("44030519820918003", "13800010003"),
    };

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var entities = await SealStore.LegalEntitiesAsync(db, DemoGroupSeeder.GroupName, cancellationToken);
        if (entities.Count == 0)
        {
            return;
        }

        RegisterWithLocalProvider(entities);
        var custodians = new Dictionary<Guid, Guid[]>();
        foreach (var entity in entities)
        {
            custodians[entity.Id] = await CustodiansAsync(entity, cancellationToken);
        }

        var added = 0;
        var seals = new Dictionary<(Guid, SealType), Seal>();
        foreach (var entity in entities)
        {
            foreach (var type in entity.IsGroup ? EntitySeals : [.. EntitySeals, SealType.Invoice])
            {
                var (seal, isNew) = await EnsureElectronicAsync(entity, type, custodians[entity.Id], cancellationToken);
                seals[(entity.Id, type)] = seal;
                added += isNew ? 1 : 0;
            }
        }

        var south = entities.FirstOrDefault(e => e.Name == DemoGroupSeeder.SouthName);
        if (south is not null && (await RegisterAsync(south, SealType.Official, SealMedium.Physical, custodians[south.Id], cancellationToken)).Refusal is null)
        {
            added++;
        }

        var grants = 0;
        foreach (var subsidiary in entities.Where(e => !e.IsGroup))
        {
            if (subsidiary.Name == DemoGroupSeeder.EastName)
            {
                grants += await EnsureGrantAsync(seals[(subsidiary.Id, SealType.Finance)], "Finance", "expense", "expense-reimbursement", true, 1_000_000m,
                    cancellationToken);
            }

            grants += await EnsureGrantAsync(seals[(subsidiary.Id, SealType.Contract)], nameof(Role.SealCustodian), "procurement-contract",
                "procurement-contract", false, null, cancellationToken);
            grants += await EnsureGrantAsync(seals[(subsidiary.Id, SealType.Official)], nameof(Role.SealCustodian), "labour-contract", "labour-contract",
                false, null, cancellationToken);
            // A seal-use application (用印申请) for ordinary business: the custodian uses the official or contract seal
            // once the application is approved as the flow and the group policy require.
            foreach (var type in new[] { SealType.Official, SealType.Contract })
            {
                grants += await EnsureGrantAsync(seals[(subsidiary.Id, type)], nameof(Role.SealCustodian), SealUseApplicationCategory, "seal-use-application",
                    false, null, cancellationToken);
            }
        }

        if (south is not null && await SealStore.FindAsync(db, south.Id, SealType.Official, cancellationToken, SealMedium.Physical) is { } stamp)
        {
            grants += await EnsureGrantAsync(stamp, nameof(Role.SealCustodian), SealUseApplicationCategory, "seal-use-application", false, null,
                cancellationToken);
        }

        if (added + grants > 0)
        {
            Log.DemoSealsSeeded(logger, added, grants);
        }
    }

    private async Task<Guid[]> CustodiansAsync(LegalEntity entity, CancellationToken cancellationToken)
    {
        var name = entity.IsGroup ? DemoGroupSeeder.HqCustodian : entity.Name == DemoGroupSeeder.EastName ? "east.custodian"
            : entity.Name == DemoGroupSeeder.SouthName ? DemoGroupSeeder.SouthCustodian : null;
        return name is not null && await OrganisationReads.MemberAsync(db, name, cancellationToken) is { } member ? [member.UserId] : [];
    }

    private async Task<(Seal Seal, bool IsNew)> EnsureElectronicAsync(LegalEntity entity, SealType type, Guid[] custodians, CancellationToken cancellationToken)
    {
        var isNew = false;
        var seal = await SealStore.FindAsync(db, entity.Id, type, cancellationToken);
        if (seal is null)
        {
            // Another node seeding at the same moment may win the registration; its seal is then the one found.
            var registered = await RegisterAsync(entity, type, SealMedium.Electronic, custodians, cancellationToken);
            isNew = registered.Refusal is null;
            seal = registered.Value ?? await SealStore.FindAsync(db, entity.Id, type, cancellationToken)
                ?? throw new InvalidOperationException($"The demo {type.English()} of {entity.Name} could not be registered: {registered.Refusal?.Message}");
        }

        if (seal.CertificateSerial is null)
        {
            var bound = await certificates.IssueAsync(seal.Id, null, cancellationToken);
            seal = bound.Value ?? throw new InvalidOperationException($"No certificate for {seal.Name}: {bound.Refusal!.Message}");
        }

        return (seal, isNew);
    }

    private Task<SealOutcome<Seal>> RegisterAsync(LegalEntity entity, SealType type, SealMedium medium, Guid[] custodians, CancellationToken cancellationToken) =>
        SealStore.RegisterAsync(db, new Seal
        {
            Id = Guid.NewGuid(),
            OrganisationId = entity.Id,
            OrganisationPath = entity.Path,
            OrganisationName = entity.Name,
            Type = type,
            Medium = medium,
            Name = "",
            DeviceId = medium == SealMedium.Physical ? SouthStampDevice : null,
            Location = medium == SealMedium.Physical ? $"{entity.Name} 行政部印章保险柜" : null,
            Custodians = custodians,
            RegisteredAt = time.GetUtcNow(),
        }, null, cancellationToken);

    private async Task<int> EnsureGrantAsync(Seal seal, string role, string category, string definition, bool unattended, decimal? limit,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = await SealGrantStore.InForceAsync(db, seal.Id, now, cancellationToken);
        if (existing.Any(g => g.Categories.Contains(category) && g.RequiredDefinitionId == definition))
        {
            return 0;
        }

        var created = await SealGrantStore.CreateAsync(db, new SealGrant
        {
            Id = Guid.NewGuid(),
            SealId = seal.Id,
            GranteeKind = GranteeKind.Role,
            Grantee = role,
            Categories = [category],
            AmountLimit = limit,
            Currency = "CNY",
            ValidFrom = now,
            RequiredDefinitionId = definition,
            AllowsUnattended = unattended,
            GrantedBy = Guid.Empty,
            GrantedAt = now,
        }, cancellationToken);
        return created.Refusal is null ? 1 : 0;
    }

    private void RegisterWithLocalProvider(IEnumerable<LegalEntity> entities)
    {
        if (services.GetService<LocalIdentityProvider>() is not { } local)
        {
            return;
        }

        foreach (var entity in entities.Where(e => e.CreditCode is not null && e.LegalRepresentative is not null))
        {
            local.Registry.Add(new LocalTestEnterprise(entity.Name, entity.CreditCode!, entity.LegalRepresentative!));
            if (Representatives.TryGetValue(entity.LegalRepresentative!, out var person))
            {
                local.Registry.Add(new LocalTestPerson(entity.LegalRepresentative!, person.IdFirst17 + ResidentIdNumber.CheckCharacter(person.IdFirst17),
                    person.Mobile));
            }
        }
    }
}
