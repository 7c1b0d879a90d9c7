namespace Hub.Activities.Evidence;

/// <summary>One approval decision of the flow that preceded sealing.</summary>
/// <param name="Step">The approval step, e.g. 法务审核.</param>
/// <param name="Approver">Who decided.</param>
/// <param name="Decision">The decision as shown, e.g. 同意, 驳回, 退回.</param>
/// <param name="Comment">The approver's comment; empty when none.</param>
/// <param name="DecidedAt">When.</param>
public sealed record EvidenceApproval(string Step, string Approver, string Decision, string Comment, DateTimeOffset DecidedAt);
