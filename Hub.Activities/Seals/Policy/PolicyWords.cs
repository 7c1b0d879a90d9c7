namespace Hub.Activities.Seals.Policy;

/// <summary>The sentences group policy explains itself with, in Chinese and English.</summary>
internal static class PolicyWords
{
    public const string RuleCode = "policy-rule";
    public const string ConditionErrorCode = "policy-condition-error";
    public const string PassedCode = "policy-passed";
    public const string NoneCode = "policy-none";

    public static Explanation Refused(SealUseRequest request, PolicyRule rule) => new(RuleCode,
        $"拒绝：{request.OrganisationName} {request.SealType.Chinese()} {rule.ExplanationChinese}",
        $"Refused: {request.OrganisationName} {request.SealType.English()}: {rule.ExplanationEnglish}",
        rule.Id);

    public static Explanation ConditionFailed(SealUseRequest request, PolicyRule rule, string error) => new(ConditionErrorCode,
        $"拒绝：{request.OrganisationName} {request.SealType.Chinese()} 规则「{rule.Name}」（{rule.OrganisationName}）的条件无法求值：{error}",
        $"Refused: {request.OrganisationName} {request.SealType.English()}: the condition of rule \"{rule.Name}\" ({rule.OrganisationName}) could not be evaluated: {error}",
        rule.Id);

    public static Explanation Passed(SealUseRequest request, PolicyRule rule) => new(PassedCode,
        $"通过：{request.OrganisationName} {request.SealType.Chinese()} 符合规则「{rule.Name}」（{rule.OrganisationName}）",
        $"Allowed: {request.OrganisationName} {request.SealType.English()}: rule \"{rule.Name}\" ({rule.OrganisationName}) checked and passed",
        rule.Id);

    public static Explanation NoneApplied(SealUseRequest request) => new(NoneCode,
        $"通过：{request.OrganisationName} {request.SealType.Chinese()} 无适用的集团管控规则",
        $"Allowed: no group policy rule applies to {request.OrganisationName} {request.SealType.English()}");
}
