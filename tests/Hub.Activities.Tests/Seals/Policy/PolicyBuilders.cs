using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;

namespace Hub.Activities.Tests.Seals.Policy;

/// <summary>Builders for the group HQ → 华南制造 tree, its finance seal, grants, rules and requests.</summary>
internal static class PolicyBuilders
{
    public static readonly Guid GroupId = Guid.Parse("0a000000-0000-0000-0000-000000000001");
    public static readonly Guid SouthId = Guid.Parse("0b000000-0000-0000-0000-000000000002");
    public static readonly Guid DepartmentId = Guid.Parse("0c000000-0000-0000-0000-000000000003");
    public static readonly string GroupPath = $"/{GroupId:N}/";
    public static readonly string SouthPath = $"{GroupPath}{SouthId:N}/";
    public static readonly string DepartmentPath = $"{SouthPath}{DepartmentId:N}/";
    public const string GroupName = "华夏集团有限公司";
    public const string SouthName = "华南制造有限公司";
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 2, 30, 0, TimeSpan.Zero); // 10:30 Monday in Beijing
    public static readonly Guid Requester = Guid.Parse("0d000000-0000-0000-0000-000000000004");
    public static readonly Guid SealId = Guid.Parse("0e000000-0000-0000-0000-000000000005");

    public static Seal Seal(SealStatus status = SealStatus.Active, string? reason = null) => new()
    {
        Id = SealId, OrganisationId = SouthId, OrganisationPath = SouthPath, OrganisationName = SouthName,
        Type = SealType.Finance, Medium = SealMedium.Electronic, Name = SouthName + " 财务专用章", Status = status,
        StatusReason = reason, RegisteredAt = Now.AddYears(-1),
    };

    public static SealUseRequest Request(decimal? amount = 50_000m, string category = "expense",
        IReadOnlyList<RecordedApproval>? approvals = null, bool unattended = false, SealType type = SealType.Finance,
        string? path = null, string currency = "CNY") => new()
    {
        SealId = SealId, SealType = type, OrganisationId = SouthId, OrganisationPath = path ?? SouthPath,
        OrganisationName = SouthName, Category = category, Amount = amount, Currency = currency,
        Counterparty = "深圳某供应商", RequesterId = Requester, RequesterRoles = [$"Finance@{SouthPath}"],
        RequesterDepartmentPath = DepartmentPath, DefinitionId = "expense-reimbursement", Approvals = approvals ?? [],
        Unattended = unattended, At = Now,
    };

    public static RecordedApproval Approval(string role, string path, string decision = "approve") =>
        new("legal", "法务审核", decision, Guid.NewGuid(), "审批人", [$"{role}@{path}"], Now.AddHours(-1));

    public static SealGrant Grant(GranteeKind kind = GranteeKind.Person, string? grantee = null) => new()
    {
        Id = Guid.NewGuid(), SealId = SealId, GranteeKind = kind, Grantee = grantee ?? Requester.ToString(),
        Categories = ["expense"], AmountLimit = 2_000_000m, ValidFrom = Now.AddDays(-30), ValidUntil = Now.AddDays(30),
        MaxUses = 10, Uses = 3, RequiredDefinitionId = "expense-reimbursement", AllowsUnattended = true,
        GrantedBy = Guid.NewGuid(), GrantedAt = Now.AddDays(-30),
    };

    /// <summary>HQ: finance seal above 1,000,000 needs group legal approval.</summary>
    public static PolicyRule GroupLegalAboveMillion() => new()
    {
        Id = Guid.Parse("1a000000-0000-0000-0000-000000000001"), OrganisationId = GroupId, OrganisationPath = GroupPath,
        OrganisationName = GroupName, Name = "大额财务用章需集团法务审批", Kind = PolicyRuleKind.RequireApproval,
        Condition = "request.amount > 1000000.0", SealTypes = [SealType.Finance], RequiredRole = Role.Legal,
        RequiredScopePath = GroupPath, ExplanationChinese = "金额超过 1,000,000 元需集团法务审批",
        ExplanationEnglish = "amount above 1,000,000 CNY requires group legal approval",
    };

    public static PolicyRule Rule(PolicyRuleKind kind, string condition = "", string? path = null, Guid? owner = null) => new()
    {
        Id = Guid.NewGuid(), OrganisationId = owner ?? SouthId, OrganisationPath = path ?? SouthPath,
        OrganisationName = SouthName, Name = "规则 " + kind, Kind = kind, Condition = condition,
        MaxAmount = kind == PolicyRuleKind.AmountLimit ? 100_000m : null,
        RequiredRole = kind == PolicyRuleKind.RequireApproval ? Role.Finance : null,
        RequiredScopePath = kind == PolicyRuleKind.RequireApproval ? SouthPath : null,
        ExplanationChinese = "说明", ExplanationEnglish = "explanation",
    };
}
