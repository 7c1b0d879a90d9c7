namespace Hub.Workflows.Activities.Core;

/// <summary>How an approval node combines decisions.</summary>
internal enum ApprovalMode
{
    /// <summary>One task offered to every candidate; the first decision decides.</summary>
    Any,

    /// <summary>One task per candidate entry; approved when all approve, rejected by any rejection.</summary>
    All,

    /// <summary>One task per candidate entry; approved at N approvals, rejected once N can no longer be reached.</summary>
    Quorum,

    /// <summary>One task per candidate entry, one after another in order; any rejection rejects.</summary>
    Sequential,
}
