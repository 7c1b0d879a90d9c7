using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;

namespace Hub.Activities.Tests.Seals.Policy;

/// <summary>A generated organisation tree for the property tests, with ancestry answered by walking parents (not by
/// path prefixes, which is what the code under test uses), so the oracle is independent of it.</summary>
internal sealed class PolicyTree
{
    private const int MaxDepth = 6;

    private PolicyTree(IReadOnlyList<TreeNode> nodes) => Nodes = nodes;

    public IReadOnlyList<TreeNode> Nodes { get; }

    public TreeNode Root => Nodes[0];

    /// <summary>Node i+1 hangs below node <c>choices[i] mod (i+1)</c>, unless that would be too deep.</summary>
    public static PolicyTree Grow(int[] choices)
    {
        var nodes = new List<TreeNode> { Node(0, null, "/") };
        for (var i = 0; i < choices.Length; i++)
        {
            var parent = nodes[choices[i] % nodes.Count];
            while (parent.Depth >= MaxDepth)
            {
                parent = nodes[parent.Parent!.Value];
            }

            nodes.Add(Node(nodes.Count, parent.Index, parent.Path) with { Depth = parent.Depth + 1 });
        }

        return new PolicyTree(nodes);
    }

    public bool IsAncestorOrSelf(int ancestor, int node)
    {
        for (int? at = node; at is { } i; at = Nodes[i].Parent)
        {
            if (i == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyList<TreeNode> Subtree(int root) => [.. Nodes.Where(n => IsAncestorOrSelf(root, n.Index))];

    private static TreeNode Node(int index, int? parent, string parentPath)
    {
        var id = new Guid(index + 1, 0, 0, new byte[8]);
        return new TreeNode(index, parent, id, $"{parentPath}{id:N}/", $"公司{index}", 1);
    }
}

internal sealed record TreeNode(int Index, int? Parent, Guid Id, string Path, string Name, int Depth);

/// <summary>An administrator (or, for Legal, a non-administrator) holding a role over one node.</summary>
internal sealed record PolicyAdmin(Role Role, int Node);

/// <summary>The content of a generated rule, as small numbers turned into a rule by <see cref="Build"/>.</summary>
internal sealed record RuleSeed(int Kind, int Condition, int Types, int Max, bool Enabled)
{
    public static readonly string[] Conditions =
    [
        "", "request.amount > 100000.0", "request.category == 'expense'", "request.unattended",
        "request.hour < 9", "!request.emergency && request.amount >= 1000000.0", "size(request.approvals) == 0",
        "request.counterparty.contains('深圳')",
    ];

    private static readonly decimal[] Maxima = [0m, 100_000m, 1_000_000m, 5_000_000m];

    public PolicyRule Build(Guid id, TreeNode owner, PolicyTree tree, int version = 1)
    {
        var kind = (PolicyRuleKind)(Kind % 4);
        var types = Enum.GetValues<SealType>().Where((_, i) => (Types & (1 << i)) != 0).ToList();
        return new PolicyRule
        {
            Id = id, OrganisationId = owner.Id, OrganisationPath = owner.Path, OrganisationName = owner.Name,
            Name = $"rule {id:N}", Kind = kind, Condition = Conditions[Condition % Conditions.Length], SealTypes = types,
            MaxAmount = Maxima[Max % Maxima.Length], RequiredRole = (Role)(Max % 7),
            RequiredScopePath = tree.Nodes[Max % tree.Nodes.Count].Path, ExplanationChinese = "不允许",
            ExplanationEnglish = "not allowed", Enabled = Enabled, Version = version,
        };
    }
}

/// <summary>One operation an administrator attempts: 0 add (Target picks the owner node), 1 change, 2 disable,
/// 3 remove (Target picks an existing rule).</summary>
internal sealed record PolicyOperation(int Kind, int Admin, int Target, RuleSeed Content);

/// <summary>The rules of the whole tree, changed only through <see cref="PolicyEditRights"/>, as the API does.</summary>
internal sealed class PolicyBook(PolicyTree tree, IEnumerable<PolicyRule> rules)
{
    private readonly List<PolicyRule> rules = [.. rules];
    private int next = 1000;

    public IReadOnlyList<PolicyRule> Rules => rules;

    /// <summary>The rule the operation addresses (its owner node for an add), or null when there is none.</summary>
    public string? OwnerPath(PolicyOperation operation) => operation.Kind % 4 == 0
        ? tree.Nodes[operation.Target % tree.Nodes.Count].Path
        : rules.Count == 0 ? null : rules[operation.Target % rules.Count].OrganisationPath;

    /// <summary>Attempts the operation; false when refused (nothing changes then).</summary>
    public bool TryApply(PolicyOperation operation, PolicyAdmin admin)
    {
        if (OwnerPath(operation) is not { } ownerPath
            || !PolicyEditRights.MayEdit([(admin.Role, tree.Nodes[admin.Node].Path)], ownerPath))
        {
            return false;
        }

        if (operation.Kind % 4 == 0)
        {
            var owner = tree.Nodes.Single(n => n.Path == ownerPath);
            rules.Add(operation.Content.Build(new Guid(next++, 1, 1, new byte[8]), owner, tree));
            return true;
        }

        var index = operation.Target % rules.Count;
        var rule = rules[index];
        var owned = tree.Nodes.Single(n => n.Path == rule.OrganisationPath);
        switch (operation.Kind % 4)
        {
            case 1:
                rules[index] = operation.Content.Build(rule.Id, owned, tree, rule.Version + 1);
                break;
            case 2:
                rules[index] = rule with { Enabled = false, Version = rule.Version + 1 };
                break;
            default:
                rules.RemoveAt(index);
                break;
        }

        return true;
    }
}
