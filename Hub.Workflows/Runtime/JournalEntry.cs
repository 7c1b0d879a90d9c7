using System.Text.Json;

namespace Hub.Workflows.Runtime;

/// <summary>One append-only record of a node execution for the instance viewer (not the legal evidence log).</summary>
/// <param name="NodeId">The node.</param>
/// <param name="ActivityType">Its activity type.</param>
/// <param name="Iteration">The loop iteration.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="Event">What happened.</param>
/// <param name="Outcomes">The outcomes taken, if completed.</param>
/// <param name="StartedAt">When the execution began.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Actor">Who caused it, if known.</param>
/// <param name="Inputs">The evaluated inputs, secret ones masked as <c>"***"</c>; null on resumption.</param>
/// <param name="Message">The fault or cancellation message.</param>
public sealed record JournalEntry(string NodeId, string ActivityType, int Iteration, int Attempt, JournalEvent Event,
    IReadOnlyList<string> Outcomes, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string? Actor, JsonElement? Inputs, string? Message);
