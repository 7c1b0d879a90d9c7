namespace Hub.Workflows.Activities.Core;

/// <summary>What a "return" decision does to an approval node.</summary>
internal enum ApprovalReturn
{
    /// <summary>The node ends on its Returned outcome; the flow decides what follows.</summary>
    End,

    /// <summary>The applicant gets a task to revise and resubmit (a new round of the node's tasks) or withdraw
    /// (Returned), at most <c>maxReturns</c> times.</summary>
    Applicant,
}
