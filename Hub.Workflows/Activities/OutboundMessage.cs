using System.Text.Json;

namespace Hub.Workflows.Activities;

/// <summary>A side effect for the outbox: the host stores it in the burst's transaction and a relay performs it, at
/// most once per idempotency key, then resumes the node's completion bookmark.</summary>
/// <param name="IdempotencyKey">Derived from instance id, node id and attempt lineage; stable across a replayed burst.</param>
/// <param name="NodeId">The node that emitted it.</param>
/// <param name="Kind">What to do, e.g. <c>http</c>.</param>
/// <param name="Payload">The request, e.g. method, url, headers and body.</param>
public sealed record OutboundMessage(string IdempotencyKey, string NodeId, string Kind, JsonElement Payload);
