using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Persistence;
using Hub.Server.Seals.Policy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Hub.Server.Seeding;

/// <summary>
/// Gives the demo group (made by <see cref="DemoGroupSeeder"/>) the HQ policy a newcomer meets in the shipped flows:
/// at HQ, the finance seal above 1,000,000 CNY and the contract seal above 500,000 CNY need group legal approval; at
/// 华南制造, unattended finance-seal use above 100,000 CNY is forbidden. Idempotent: nothing happens when the demo
/// group is absent or any rule exists in it, and nodes starting together serialise on a lock.
/// </summary>
internal static class DemoPolicySeeder
{
    public const string GroupName = "华夏控股集团有限公司";
    public const string SouthName = "华南制造有限公司";

    private const long AdvisoryLockKey = 0x0048_5542_504F_4C59;

    /// <summary>Seeds the demo policy when it is missing; returns how many rules were added.</summary>
    public static async Task<int> SeedIfAbsentAsync(HubDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        var group = await db.Organisations.AsNoTracking()
            .SingleOrDefaultAsync(o => o.Kind == OrganisationKind.Group && o.Name == GroupName, cancellationToken);
        var south = group is null ? null : await db.Organisations.AsNoTracking()
            .SingleOrDefaultAsync(o => o.ParentId == group.Id && o.Name == SouthName, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        if (group is null || south is null
            || await SealPolicyStore.AnyInSubtreeAsync(connection, npgsqlTransaction, group.Path, cancellationToken))
        {
            return 0;
        }

        var rules = Rules(group, south);
        var now = time.GetUtcNow();
        foreach (var rule in rules)
        {
            if (PolicyRuleCheck.Problems(rule) is { Count: > 0 } problems)
            {
                throw new InvalidOperationException($"Demo rule '{rule.Name}' is malformed: {string.Join("; ", problems)}");
            }

            await SealPolicyStore.AddAsync(connection, npgsqlTransaction, rule, null, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rules.Count;
    }

    private static IReadOnlyList<PolicyRule> Rules(Organisation group, Organisation south) =>
    [
        new PolicyRule
        {
            Id = Guid.NewGuid(), OrganisationId = group.Id, OrganisationPath = group.Path, OrganisationName = group.Name,
            Name = "大额财务用章需集团法务审批", Kind = PolicyRuleKind.RequireApproval, Condition = "request.amount > 1000000.0",
            SealTypes = [SealType.Finance], RequiredRole = Role.Legal, RequiredScopePath = group.Path,
            ExplanationChinese = "金额超过 1,000,000 元需集团法务审批",
            ExplanationEnglish = "amount above 1,000,000 CNY requires group legal approval",
        },
        new PolicyRule
        {
            Id = Guid.NewGuid(), OrganisationId = group.Id, OrganisationPath = group.Path, OrganisationName = group.Name,
            Name = "大额合同用章需集团法务审批", Kind = PolicyRuleKind.RequireApproval, Condition = "request.amount > 500000.0",
            SealTypes = [SealType.Contract], RequiredRole = Role.Legal, RequiredScopePath = group.Path,
            ExplanationChinese = "合同金额超过 500,000 元需集团法务审批",
            ExplanationEnglish = "contract amount above 500,000 CNY requires group legal approval",
        },
        new PolicyRule
        {
            Id = Guid.NewGuid(), OrganisationId = south.Id, OrganisationPath = south.Path, OrganisationName = south.Name,
            Name = "大额财务用章不得无人值守", Kind = PolicyRuleKind.ForbidUnattended, Condition = "request.amount > 100000.0",
            SealTypes = [SealType.Finance],
            ExplanationChinese = "金额超过 100,000 元不得无人值守用印",
            ExplanationEnglish = "amount above 100,000 CNY may not be sealed unattended",
        },
    ];
}
