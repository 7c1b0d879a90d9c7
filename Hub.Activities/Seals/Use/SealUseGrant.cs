namespace Hub.Activities.Seals.Use;

/// <summary>
/// A single-use seal grant (DESIGN.md §5, "seal use"): issued when an approved flow is authorised to use a seal, bound to
/// that seal, the SHA-256 of the exact document, the instance and the decisions the Hub recorded on it, with an expiry.
/// Sealing consumes it once; anything else (another document, after expiry, a second use, a frozen seal, a revoked
/// grant, another organisation) is refused with its explanation.
/// </summary>
public sealed record SealUseGrant
{
    /// <summary>The grant's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The seal it allows.</summary>
    public required Guid SealId { get; init; }

    /// <summary>The seal holder's organisation path; only flows of that subtree may use the grant.</summary>
    public required string OrganisationPath { get; init; }

    /// <summary>Lower-case hex SHA-256 of the exact bytes that may be sealed.</summary>
    public required string DocumentSha256 { get; init; }

    /// <summary>The instance whose approval it carries.</summary>
    public required Guid InstanceId { get; init; }

    /// <summary>The instance's definition id.</summary>
    public required string DefinitionId { get; init; }

    /// <summary>The instance's definition version.</summary>
    public required int DefinitionVersion { get; init; }

    /// <summary>The standing grant (印章授权) that allowed it.</summary>
    public Guid? StandingGrantId { get; init; }

    /// <summary>The policy rules that were checked.</summary>
    public IReadOnlyList<Guid> RuleIds { get; init; } = [];

    /// <summary>The decision's explanation, as issued.</summary>
    public IReadOnlyList<Explanation> Explanations { get; init; } = [];

    /// <summary>The decisions the Hub recorded on the instance when the grant was issued.</summary>
    public IReadOnlyList<RecordedApproval> Decisions { get; init; } = [];

    /// <summary>The request that was authorised.</summary>
    public required SealUseRequest Request { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When it lapses (exclusive).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When it was used; null while unused.</summary>
    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>The idempotency key of the effect that used it, so a redelivery of that effect gets the same result.</summary>
    public string? UsedBy { get; init; }

    /// <summary>The sealed document's SHA-256, once used.</summary>
    public string? SealedDocumentSha256 { get; init; }

    /// <summary>When it was revoked; null while in force.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Why it was revoked.</summary>
    public string? RevocationReason { get; init; }

    /// <summary>
    /// Why <paramref name="seal"/> may not be applied under this grant to the document <paramref name="documentSha256"/>
    /// by instance <paramref name="instanceId"/> of organisation <paramref name="callerPath"/> at <paramref name="at"/>,
    /// or null when it may. A grant already used by <paramref name="idempotencyKey"/> is not refused here: the caller
    /// returns that use's result. <paramref name="medium"/> is how it is being used: applied electronically or
    /// stamped by hand.
    /// </summary>
    public Explanation? RefuseUse(Seal seal, Guid instanceId, string callerPath, string documentSha256, string idempotencyKey, DateTimeOffset at,
        SealMedium medium = SealMedium.Electronic)
    {
        ArgumentNullException.ThrowIfNull(seal);
        ArgumentNullException.ThrowIfNull(callerPath);
        var what = $"{seal.OrganisationName} {seal.Type.Chinese()}";
        var whatEn = $"{seal.OrganisationName} {seal.Type.English()}";
        if (!callerPath.StartsWith(OrganisationPath, StringComparison.Ordinal))
        {
            return new Explanation("wrong-organisation", $"拒绝：本流程所在组织无权使用 {what}",
                $"Refused: this flow's organisation may not use the {whatEn}", Id);
        }

        if (instanceId != InstanceId)
        {
            return new Explanation("wrong-instance", $"拒绝：{what} 的用印授权属于另一个审批流程",
                $"Refused: the seal-use grant for the {whatEn} belongs to another approval instance", Id);
        }

        if (seal.Id != SealId)
        {
            return new Explanation("wrong-seal", $"拒绝：用印授权不适用于 {what}", $"Refused: the seal-use grant is not for the {whatEn}", Id);
        }

        if (RevokedAt is not null)
        {
            return new Explanation("grant-revoked", $"拒绝：{what} 的用印授权已撤销（{RevocationReason}）",
                $"Refused: the seal-use grant for the {whatEn} was revoked ({RevocationReason})", Id);
        }

        if (UsedAt is not null && UsedBy != idempotencyKey)
        {
            return new Explanation("grant-used", $"拒绝：{what} 的用印授权仅限使用一次，已于 {UsedAt:yyyy-MM-dd HH:mm:ss} 使用",
                $"Refused: the seal-use grant for the {whatEn} allows one use and was used at {UsedAt:yyyy-MM-dd HH:mm:ss}", Id);
        }

        if (UsedAt is null && at >= ExpiresAt)
        {
            return new Explanation("grant-expired", $"拒绝：{what} 的用印授权已于 {ExpiresAt:yyyy-MM-dd HH:mm:ss} 过期",
                $"Refused: the seal-use grant for the {whatEn} expired at {ExpiresAt:yyyy-MM-dd HH:mm:ss}", Id);
        }

        if (!string.Equals(DocumentSha256, documentSha256, StringComparison.Ordinal))
        {
            return new Explanation("wrong-document", $"拒绝：{what} 的用印授权只适用于文件 {DocumentSha256[..12]}…，不适用于 {Short(documentSha256)}",
                $"Refused: the seal-use grant for the {whatEn} covers document {DocumentSha256[..12]}… only, not {Short(documentSha256)}", Id);
        }

        return seal.Status switch
        {
            SealStatus.Frozen => new Explanation("seal-frozen", $"拒绝：{what} 已冻结（{seal.StatusReason}）",
                $"Refused: the {whatEn} is frozen ({seal.StatusReason})", Id),
            SealStatus.Revoked => new Explanation("seal-revoked", $"拒绝：{what} 已注销（{seal.StatusReason}）",
                $"Refused: the {whatEn} is revoked ({seal.StatusReason})", Id),
            _ when seal.Medium != medium && medium == SealMedium.Electronic => new Explanation("seal-physical", $"拒绝：{what} 是实体印章，不能电子用印",
                $"Refused: the {whatEn} is a physical seal and cannot be applied electronically", Id),
            _ when seal.Medium != medium => new Explanation("seal-electronic", $"拒绝：{what} 是电子印章，不能登记实体用印",
                $"Refused: the {whatEn} is an electronic seal; a physical use cannot be recorded for it", Id),
            _ => null,
        };
    }

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] + "…" : sha256;
}
