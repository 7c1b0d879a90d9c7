namespace Hub.Workflows.Activities.Core;

/// <summary>When a join fires (docs/workflow-format.md, "Joins").</summary>
internal enum JoinMode
{
    /// <summary>When every inbound branch has arrived or is dead, if at least one arrived.</summary>
    All,

    /// <summary>On the first arrival; the branches still running upstream are cancelled.</summary>
    FirstWins,

    /// <summary>On the N-th arrival; the branches still running upstream are cancelled.</summary>
    Quorum,
}
