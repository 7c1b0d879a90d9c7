namespace Hub.Workflows.Runtime;

/// <summary>A suspended node waiting to be resumed. The host indexes it by its kind's key (due time, signal name and
/// correlation key, task request id, idempotency key), never by a hash of serialised JSON.</summary>
/// <param name="Id">Unique: instance, node, iteration, attempt and suspension number.</param>
/// <param name="NodeId">The suspended node.</param>
/// <param name="Kind">What resumes it.</param>
/// <param name="DueAt">For timers and retries.</param>
/// <param name="SignalName">For signals.</param>
/// <param name="CorrelationKey">For signals.</param>
/// <param name="TaskRequestIds">For human tasks: the open requests.</param>
/// <param name="IdempotencyKey">For outbound completions.</param>
public sealed record Bookmark(string Id, string NodeId, BookmarkKind Kind, DateTimeOffset? DueAt, string? SignalName,
    string? CorrelationKey, IReadOnlyList<string> TaskRequestIds, string? IdempotencyKey)
{
    /// <inheritdoc/>
    public bool Equals(Bookmark? other) => other is not null && Id == other.Id && NodeId == other.NodeId && Kind == other.Kind
        && DueAt == other.DueAt && SignalName == other.SignalName && CorrelationKey == other.CorrelationKey
        && IdempotencyKey == other.IdempotencyKey && TaskRequestIds.SequenceEqual(other.TaskRequestIds);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Kind);
}
