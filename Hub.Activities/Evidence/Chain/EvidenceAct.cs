using System.Text.Json;

namespace Hub.Activities.Evidence.Chain;

/// <summary>
/// One act entered in the evidence chain (DESIGN.md §5): a verification, a decision, a grant, a seal, a document view or
/// download, a policy change, a freeze, a refusal. The chain stores it with the hash of the entry before it.
/// </summary>
/// <param name="Kind">One of <see cref="EvidenceKinds"/>.</param>
/// <param name="OrganisationPath">The organisation the act concerns (HQ sees everything below it).</param>
/// <param name="ActorId">Who acted (a user id), or null for the platform acting unattended.</param>
/// <param name="Subject">What the act is about, as <c>type:id</c>, e.g. <c>seal:…</c>, <c>document:sha256</c>.</param>
/// <param name="Details">The facts, as JSON (no secrets, no raw identity numbers).</param>
public sealed record EvidenceAct(string Kind, string OrganisationPath, Guid? ActorId, string Subject, JsonElement Details);

/// <summary>The kinds of <see cref="EvidenceAct"/>.</summary>
public static class EvidenceKinds
{
    /// <summary>An identity verification finished.</summary>
    public const string Verification = "verification";

    /// <summary>A person decided a human task.</summary>
    public const string Decision = "decision";

    /// <summary>A standing grant (印章授权) was made or changed, or a single-use seal grant was issued.</summary>
    public const string Grant = "grant";

    /// <summary>A grant was revoked.</summary>
    public const string GrantRevoked = "grant-revoked";

    /// <summary>A seal was applied (electronic) or a physical use recorded.</summary>
    public const string Seal = "seal";

    /// <summary>A person signed a document with their Hub-held key after a fresh authentication made for it.</summary>
    public const string PersonalSignature = "personal-signature";

    /// <summary>A seal use or grant was refused, with its explanation.</summary>
    public const string Refusal = "refusal";

    /// <summary>A seal was registered, frozen, thawed or revoked.</summary>
    public const string SealStatus = "seal-status";

    /// <summary>A group-policy rule was added, changed or removed.</summary>
    public const string PolicyChange = "policy-change";

    /// <summary>A document was viewed.</summary>
    public const string DocumentView = "document-view";

    /// <summary>A document was downloaded.</summary>
    public const string DocumentDownload = "document-download";
}

/// <summary>
/// Enters acts in the evidence chain. The host's implementation writes one hash-linked row per act; callers that change
/// other rows in the same breath use the store's transactional overload instead, so an act is never recorded for a
/// change that did not commit (nor the other way round).
/// </summary>
public interface IEvidenceLog
{
    /// <summary>Appends <paramref name="act"/> and returns its sequence number in the chain.</summary>
    Task<long> AppendAsync(EvidenceAct act, CancellationToken cancellationToken);
}
