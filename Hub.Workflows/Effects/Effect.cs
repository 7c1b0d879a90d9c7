using System.Text.Json;

namespace Hub.Workflows.Effects;

/// <summary>
/// One piece of work that left a burst through the outbox, as its handler receives it: what to do (<see cref="Kind"/>
/// and <see cref="Payload"/>), the key that makes doing it twice harmless, and the organisation that owns the instance,
/// read once by the relay so no handler has to look it up again.
/// </summary>
/// <param name="Kind">The declared message kind, e.g. <c>http</c> or <c>documents.generate</c>.</param>
/// <param name="Payload">The request the activity emitted.</param>
/// <param name="IdempotencyKey">Derived from instance, node and attempt lineage; the same on every redelivery, so a
/// handler (or the system it calls) can recognise a repeat and not act twice.</param>
/// <param name="InstanceId">The instance that emitted the message.</param>
/// <param name="NodeId">The node that emitted the message and waits for its result.</param>
/// <param name="Owner">The organisation that owns the instance: every handler acts for it and no wider.</param>
/// <param name="Attempt">1 for the first delivery, more for retries after a transient failure or an expired lease.</param>
public sealed record Effect(string Kind, JsonElement Payload, string IdempotencyKey, Guid InstanceId, string NodeId, EffectOwner Owner, int Attempt);

/// <summary>The organisation an instance belongs to, by id and by its materialised path in the organisation tree
/// (<c>/root/…/</c>, a prefix of every organisation below it).</summary>
/// <param name="OrganisationId">The organisation's id.</param>
/// <param name="OrganisationPath">Its path; a record belongs to the owner's subtree when its path starts with this.</param>
public sealed record EffectOwner(Guid OrganisationId, string OrganisationPath)
{
    /// <summary>Whether an organisation at <paramref name="path"/> lies in the owner's subtree (the owner included).</summary>
    public bool Covers(string path) => path.StartsWith(OrganisationPath, StringComparison.Ordinal);
}
