using System.Text.Json;
using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Seals.Policy;
using Npgsql;

namespace Hub.Server.Tests.Seals.Policy;

public sealed class SealPolicyStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RulesAlongPath_OwnAndAncestorsRules_AncestorsFirstSiblingsAndRemovedLeftOut()
    {
        await using var database = await PolicyDatabase.CreateAsync();
        var group = database.Group;
        var hq = Rule(group.Group, "HQ rule");
        var alpha = Rule(group.Alpha, "Alpha rule");
        var beta = Rule(group.Beta, "Beta rule");
        var gone = Rule(group.Alpha, "Removed rule");
        await database.InTransactionAsync(async (c, t) =>
        {
            foreach (var rule in new[] { alpha, hq, beta, gone })
            {
                await SealPolicyStore.AddAsync(c, t, rule, group["hq.admin"].Id, At, CancellationToken.None);
            }

            var locked = await SealPolicyStore.LockAsync(c, t, gone.Id, CancellationToken.None);
            await SealPolicyStore.RemoveAsync(c, t, locked!, group["alpha.admin"].Id, At.AddMinutes(1), CancellationToken.None);
        });

        var rules = await SealPolicyStore.RulesAlongPathAsync(database.Runtime, group.AlphaDepartment.Path, CancellationToken.None);

        Assert.Equal([hq.Id, alpha.Id], rules.Select(r => r.Id));
        Assert.Equal(hq with { OrganisationName = group.Group.Name }, rules[0] with { SealTypes = hq.SealTypes });
        Assert.Equal([SealType.Finance], rules[0].SealTypes);
        Assert.Equal(1_000_000m, rules[0].MaxAmount);
    }

    [Fact]
    public async Task ChangeDisableRemove_EachAVersionAndAPolicyChangeAct()
    {
        await using var database = await PolicyDatabase.CreateAsync();
        var group = database.Group;
        var rule = Rule(group.Alpha, "Alpha rule");
        var admin = group["alpha.admin"].Id;
        await database.InTransactionAsync((c, t) => SealPolicyStore.AddAsync(c, t, rule, admin, At, CancellationToken.None));
        await database.InTransactionAsync(async (c, t) =>
        {
            var current = (await SealPolicyStore.LockAsync(c, t, rule.Id, CancellationToken.None))!;
            var changed = await SealPolicyStore.ChangeAsync(c, t, current, current with { MaxAmount = 500_000m }, admin, At.AddMinutes(1),
                CancellationToken.None);
            Assert.Equal(2, changed.Version);
            await SealPolicyStore.ChangeAsync(c, t, changed, changed with { Enabled = false }, admin, At.AddMinutes(2), CancellationToken.None);
        });
        await database.InTransactionAsync(async (c, t) =>
        {
            var current = (await SealPolicyStore.LockAsync(c, t, rule.Id, CancellationToken.None))!;
            Assert.False(current.Enabled);
            await SealPolicyStore.RemoveAsync(c, t, current, admin, At.AddMinutes(3), CancellationToken.None);
        });

        var history = await SealPolicyStore.HistoryAsync(database.Runtime, rule.Id, CancellationToken.None);
        Assert.Equal(["added", "changed", "disabled", "removed"], history.Select(v => v.Change));
        Assert.Equal([1, 2, 3, 4], history.Select(v => v.Version));
        Assert.Equal(1_000_000m, history[0].Rule.MaxAmount);
        Assert.Equal(500_000m, history[1].Rule.MaxAmount);
        Assert.All(history, v => Assert.Equal(admin, v.ChangedBy));

        await using var acts = database.Superuser.CreateCommand(
            "SELECT kind, organisation_path, actor_id, details FROM hub.evidence_log WHERE subject = $1 ORDER BY seq");
        acts.Parameters.AddWithValue($"policy-rule:{rule.Id}");
        var changes = new List<string>();
        await using (var reader = await acts.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                Assert.Equal("policy-change", reader.GetString(0));
                Assert.Equal(group.Alpha.Path, reader.GetString(1));
                Assert.Equal(admin, reader.GetGuid(2));
                changes.Add(JsonDocument.Parse(reader.GetString(3)).RootElement.GetProperty("change").GetString()!);
            }
        }

        Assert.Equal(["added", "changed", "disabled", "removed"], changes);
        Assert.Empty(await SealPolicyStore.RulesAlongPathAsync(database.Runtime, group.Alpha.Path, CancellationToken.None));
    }

    [Fact]
    public async Task Add_RolledBack_LeavesNoRuleVersionOrAct()
    {
        await using var database = await PolicyDatabase.CreateAsync();
        var group = database.Group;
        var rule = Rule(group.Beta, "Beta rule");
        await using (var connection = await database.Runtime.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await SealPolicyStore.AddAsync(connection, transaction, rule, null, At, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        await using var count = database.Superuser.CreateCommand("""
            SELECT (SELECT count(*) FROM hub.seal_policy_rules WHERE id = $1) + (SELECT count(*) FROM hub.seal_policy_rule_versions WHERE rule_id = $1)
                 + (SELECT count(*) FROM hub.evidence_log WHERE subject = 'policy-rule:' || $1::text)
            """);
        count.Parameters.AddWithValue(rule.Id);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("UPDATE hub.seal_policy_rule_versions SET change = 'changed'")]
    [InlineData("DELETE FROM hub.seal_policy_rule_versions")]
    [InlineData("UPDATE hub.seal_decisions SET allowed = true")]
    [InlineData("DELETE FROM hub.seal_decisions")]
    public async Task History_RuntimeRole_MayNotRewriteIt(string sql)
    {
        await using var database = await PolicyDatabase.CreateAsync();
        await using var command = database.Runtime.CreateCommand(sql);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    internal static PolicyRule Rule(Organisation owner, string name) => new()
    {
        Id = Guid.NewGuid(), OrganisationId = owner.Id, OrganisationPath = owner.Path, OrganisationName = owner.Name, Name = name,
        Kind = PolicyRuleKind.AmountLimit, Condition = "request.category == 'expense'", SealTypes = [SealType.Finance],
        MaxAmount = 1_000_000m, RequiredRole = Role.Legal, RequiredScopePath = owner.Path,
        ExplanationChinese = "金额超过 1,000,000 元", ExplanationEnglish = "amount above 1,000,000 CNY",
    };

}
