using CsCheck;
using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;

namespace Hub.Activities.Tests.Seals.Policy;

/// <summary>
/// Property tests over generated organisation trees and random sequences of rule operations by random
/// administrators: nobody edits a rule above their scope, no sequence of edits below an organisation loosens what its
/// ancestors' rules refuse, and evaluation is deterministic.
/// </summary>
public sealed class GroupPolicyProperties
{
    private static readonly Gen<RuleSeed> Seed = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 7], Gen.Int[0, 63], Gen.Int[0, 20],
        Gen.Bool, (kind, condition, types, max, enabled) => new RuleSeed(kind, condition, types, max, enabled));

    private static readonly Gen<PolicyOperation> Operation = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 100], Gen.Int[0, 1000], Seed,
        (kind, admin, target, content) => new PolicyOperation(kind, admin, target, content));

    private static readonly Gen<(int Role, int Node)> Admin = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 100]);

    private static readonly Gen<RequestSeed> RequestGen = Gen.Select(Gen.Int[0, 100], Gen.Int[0, 5], Gen.Int[0, 7],
        Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 23], Gen.Select(Gen.Int[0, 6], Gen.Int[0, 100]).Array[0, 3],
        (node, type, amount, category, unattended, hour, approvals) =>
            new RequestSeed(node, type, amount, category, unattended, hour, approvals));

    private static readonly Gen<Scenario> Scenarios = Gen.Select(Gen.Int[0, 1000].Array[1, 10],
        Gen.Select(Gen.Int[0, 1000], Seed).Array[0, 8], Admin.Array[1, 5], Operation.Array[0, 25], RequestGen.Array[1, 12],
        Gen.Int[0, 1000], (tree, rules, admins, operations, requests, pick) =>
            new Scenario(PolicyTree.Grow(tree), rules, admins, operations, requests, pick));

    [Fact]
    public void NoAdministratorEditsARuleOwnedAboveTheirScope()
    {
        Scenarios.Sample(s =>
        {
            var book = s.InitialBook();
            var admins = s.Admins();
            foreach (var operation in s.Operations)
            {
                var admin = admins[operation.Admin % admins.Count];
                var before = book.Rules.ToList();
                var owner = book.OwnerPath(operation) is { } path ? s.Tree.Nodes.Single(n => n.Path == path).Index : (int?)null;
                var covered = owner is { } o && admin.Role is Role.HqAdmin or Role.OrgAdmin && s.Tree.IsAncestorOrSelf(admin.Node, o);

                var applied = book.TryApply(operation, admin);

                Assert.Equal(covered, applied);
                var outside = before.Where(r => !(admin.Role is Role.HqAdmin or Role.OrgAdmin
                    && s.Tree.IsAncestorOrSelf(admin.Node, s.Tree.Nodes.Single(n => n.Path == r.OrganisationPath).Index)));
                Assert.All(outside, r => Assert.Contains(r, book.Rules));
            }
        }, iter: 300);
    }

    [Fact]
    public void EditsBelowAnOrganisationNeverLoosenWhatItsAncestorsRefuse()
    {
        Scenarios.Sample(s =>
        {
            var nonRoot = s.Tree.Nodes.Where(n => n.Parent is not null).ToList();
            if (nonRoot.Count == 0)
            {
                return;
            }

            var subsidiary = nonRoot[s.Pick % nonRoot.Count];
            var below = s.Tree.Subtree(subsidiary.Index);
            var book = s.InitialBook();
            var ancestorsRules = book.Rules
                .Where(r => s.Tree.IsAncestorOrSelf(s.Tree.Nodes.Single(n => n.Path == r.OrganisationPath).Index, subsidiary.Parent!.Value))
                .ToList();
            // Administrators of the subsidiary and of anything below it, whatever role they were generated with.
            var admins = s.Admins().Select(a => a with { Node = below[a.Node % below.Count].Index }).ToList();
            foreach (var operation in s.Operations)
            {
                book.TryApply(operation, admins[operation.Admin % admins.Count]);
            }

            foreach (var seed in s.Requests)
            {
                var request = seed.Build(below[seed.Node % below.Count], s.Tree);
                var byAncestors = GroupPolicy.Evaluate(request, ancestorsRules);
                var effective = GroupPolicy.Evaluate(request, book.Rules);
                if (!byAncestors.Allowed)
                {
                    Assert.False(effective.Allowed);
                    Assert.All(byAncestors.DecidingRuleIds, id => Assert.Contains(id, effective.DecidingRuleIds));
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void EvaluationIsDeterministicWhateverTheOrderOfTheRules()
    {
        Scenarios.Sample(s =>
        {
            var rules = s.InitialBook().Rules;
            var reversed = rules.Reverse().ToList();
            foreach (var seed in s.Requests)
            {
                var request = seed.Build(s.Tree.Nodes[seed.Node % s.Tree.Nodes.Count], s.Tree);
                var first = GroupPolicy.Evaluate(request, rules);
                var again = GroupPolicy.Evaluate(request, rules);
                var shuffled = GroupPolicy.Evaluate(request, reversed);
                foreach (var other in new[] { again, shuffled })
                {
                    Assert.Equal(first.Allowed, other.Allowed);
                    Assert.Equal(first.Explanations, other.Explanations);
                    Assert.Equal(first.DecidingRuleIds, other.DecidingRuleIds);
                    Assert.Equal(first.CheckedRuleIds, other.CheckedRuleIds);
                }
            }
        }, iter: 300);
    }

    private sealed record Scenario(PolicyTree Tree, (int Owner, RuleSeed Seed)[] Rules, (int Role, int Node)[] AdminSeeds,
        PolicyOperation[] Operations, RequestSeed[] Requests, int Pick)
    {
        public PolicyBook InitialBook() => new(Tree, Rules.Select((r, i) =>
            r.Seed.Build(new Guid(i + 1, 2, 2, new byte[8]), Tree.Nodes[r.Owner % Tree.Nodes.Count], Tree)));

        public IReadOnlyList<PolicyAdmin> Admins() => [.. AdminSeeds.Select(a =>
            new PolicyAdmin(a.Role switch { 0 => Role.HqAdmin, 1 => Role.OrgAdmin, _ => Role.Legal }, a.Node % Tree.Nodes.Count))];
    }

    private sealed record RequestSeed(int Node, int Type, int Amount, int Category, bool Unattended, int Hour,
        (int Role, int Node)[] Approvals)
    {
        private static readonly decimal?[] Amounts = [null, 0m, 50_000m, 100_000m, 100_000.01m, 1_000_000m, 1_500_000m, 20_000_000m];
        private static readonly string[] Categories = ["expense", "procurement-contract", "labour-contract", "other"];

        public SealUseRequest Build(TreeNode at, PolicyTree tree) => new()
        {
            SealId = Guid.Empty, SealType = (SealType)Type, OrganisationId = at.Id, OrganisationPath = at.Path,
            OrganisationName = at.Name, Category = Categories[Category % Categories.Length], Amount = Amounts[Amount % Amounts.Length],
            Counterparty = Unattended ? "深圳某供应商" : null, Unattended = Unattended,
            At = new DateTimeOffset(2026, 12, 7, Hour, 0, 0, TimeSpan.FromHours(8)),
            Approvals = [.. Approvals.Select(a => new RecordedApproval("step", "审批", "approve", Guid.Empty, "审批人",
                [$"{(Role)(a.Role % 7)}@{tree.Nodes[a.Node % tree.Nodes.Count].Path}"], DateTimeOffset.UnixEpoch))],
        };
    }
}
