namespace Hub.Activities.Seals;

/// <summary>
/// One reason for an allow or a deny, in words, in both languages, and which rule or check gave it, e.g.
/// "拒绝：华南制造有限公司 财务专用章 金额超过 1,000,000 元需集团法务审批".
/// </summary>
/// <param name="Code">A stable machine code, e.g. <c>seal-frozen</c>, <c>grant-expired</c>, <c>policy-rule</c>.</param>
/// <param name="Chinese">The sentence in Chinese.</param>
/// <param name="English">The sentence in English.</param>
/// <param name="RuleId">The policy rule or grant that decided, when one did.</param>
public sealed record Explanation(string Code, string Chinese, string English, Guid? RuleId = null);
