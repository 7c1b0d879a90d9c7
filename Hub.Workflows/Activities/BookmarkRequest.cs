using Hub.Workflows.Runtime;

namespace Hub.Workflows.Activities;

/// <summary>What an activity suspends on; the runtime turns it into a <see cref="Bookmark"/> with an id.</summary>
/// <param name="Kind">What resumes it.</param>
/// <param name="DueAt">For timers: when it is due.</param>
/// <param name="SignalName">For signals: the signal name.</param>
/// <param name="CorrelationKey">For signals: the correlation key, e.g. the OA request number.</param>
/// <param name="TaskRequestIds">For human tasks: the open task request ids.</param>
/// <param name="IdempotencyKey">For outbound completions: the outbound message's key.</param>
public sealed record BookmarkRequest(BookmarkKind Kind, DateTimeOffset? DueAt = null, string? SignalName = null,
    string? CorrelationKey = null, IReadOnlyList<string>? TaskRequestIds = null, string? IdempotencyKey = null);
