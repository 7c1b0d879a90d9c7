using System.Globalization;

namespace Hub.Activities.Seals.Policy;

/// <summary>Whether one standing grant covers a request, and if not, the first reason why, in both languages.</summary>
public static class GrantCoverage
{
    /// <summary>Whether the grant names the requester: the person, a role the requester holds over the seal's
    /// organisation, or a department the requester's home lies in. An unattended request has no person: it is named by
    /// a grant that allows unattended use (its category, amount, window and definition still have to fit).</summary>
    public static bool NamesRequester(SealGrant grant, SealUseRequest request, Seal seal) => request.Unattended ? grant.AllowsUnattended : grant.GranteeKind switch
    {
        GranteeKind.Person => request.RequesterId is { } requester
                              && Guid.TryParse(grant.Grantee, out var person) && person == requester,
        GranteeKind.Role => request.RequesterRoles.Any(text =>
            RoleAtPath.Parse(text)?.Covers(grant.Grantee, seal.OrganisationPath) == true),
        GranteeKind.Department => request.RequesterDepartmentPath is { } home && InDepartment(home, grant.Grantee),
        _ => false,
    };

    /// <summary>Why <paramref name="grant"/>, which names the requester, does not cover the request; null when it does.</summary>
    public static Explanation? Refusal(SealGrant grant, SealUseRequest request, Seal seal)
    {
        var what = $"{seal.OrganisationName} {seal.Type.Chinese()}";
        var whatEn = $"{seal.OrganisationName} {seal.Type.English()}";
        Explanation Refuse(string code, string zh, string en) =>
            new(code, $"拒绝：{what} 授权 {Short(grant.Id)} {zh}", $"Refused: {whatEn}: grant {Short(grant.Id)} {en}", grant.Id);

        if (grant.RevokedAt is { } revokedAt)
        {
            var reason = grant.RevocationReason is { Length: > 0 } r ? r : "—";
            return Refuse(SealDecisionCodes.GrantRevoked, $"已于 {Time(revokedAt)} 撤销（{reason}）",
                $"was revoked at {Time(revokedAt)} ({reason})");
        }

        if (request.At < grant.ValidFrom)
        {
            return Refuse(SealDecisionCodes.GrantNotYetValid, $"自 {Time(grant.ValidFrom)} 起生效",
                $"is valid only from {Time(grant.ValidFrom)}");
        }

        if (grant.ValidUntil is { } until && request.At >= until)
        {
            return Refuse(SealDecisionCodes.GrantExpired, $"已于 {Time(until)} 到期", $"expired at {Time(until)}");
        }

        if (grant.MaxUses is { } max && grant.Uses >= max)
        {
            return Refuse(SealDecisionCodes.GrantExhausted, $"的 {max} 次使用已用完", $"has used all of its {max} uses");
        }

        if (grant.Categories.Count > 0 && !grant.Categories.Contains(request.Category, StringComparer.Ordinal))
        {
            return Refuse(SealDecisionCodes.GrantCategory, $"不涵盖文件类别 {request.Category}",
                $"does not cover document category {request.Category}");
        }

        if (grant.AmountLimit is { } limit && request.Amount is { } amount)
        {
            if (!string.Equals(grant.Currency, request.Currency, StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(SealDecisionCodes.GrantAmount, $"的限额以 {grant.Currency} 计，本次金额为 {request.Currency}",
                    $"limits amounts in {grant.Currency}, and this amount is in {request.Currency}");
            }

            if (amount > limit)
            {
                return Refuse(SealDecisionCodes.GrantAmount, $"限额 {Money(limit)} {grant.Currency}，本次金额 {Money(amount)}",
                    $"allows at most {Money(limit)} {grant.Currency}, and this is {Money(amount)}");
            }
        }

        if (grant.RequiredDefinitionId is { } definition && definition != request.DefinitionId)
        {
            return Refuse(SealDecisionCodes.GrantDefinition, $"要求先经审批流程 {definition}",
                $"requires approval through flow {definition} first");
        }

        if (request.Unattended && !grant.AllowsUnattended)
        {
            return Refuse(SealDecisionCodes.GrantUnattended, "不允许无人值守用印", "does not allow unattended use");
        }

        return null;
    }

    /// <summary>"1,000,000" or "1,234.5": the invariant grouping every reader of either language knows.</summary>
    internal static string Money(decimal amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (UTC+8)";

    private static string Short(Guid id) => id.ToString("N")[..8];

    private static bool InDepartment(string home, string grantee)
    {
        // The grantee is a department's organisation id; a path is accepted too.
        if (grantee.StartsWith('/'))
        {
            return home.StartsWith(grantee, StringComparison.Ordinal);
        }

        return Guid.TryParse(grantee, out var department)
               && home.Contains("/" + department.ToString("N") + "/", StringComparison.Ordinal);
    }
}
