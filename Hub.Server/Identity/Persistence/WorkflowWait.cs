namespace Hub.Server.Identity.Persistence;

/// <summary>
/// A workflow node waiting for the outcome of one verification: when the verification concludes, the host sends
/// <see cref="SignalName"/> with <see cref="CorrelationKey"/> to the instances of <see cref="OrganisationId"/>'s subtree.
/// </summary>
internal sealed class WorkflowWait
{
    public Guid VerificationId { get; set; }

    /// <summary>The outbox message that asked for the verification (a redelivery finds this row).</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>The organisation of the waiting instance.</summary>
    public Guid OrganisationId { get; set; }

    public string SignalName { get; set; } = "";

    public string CorrelationKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the outcome was signalled; null while the person has not answered.</summary>
    public DateTimeOffset? SignalledAt { get; set; }
}
