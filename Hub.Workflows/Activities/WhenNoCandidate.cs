namespace Hub.Workflows.Activities;

/// <summary>What an approval step does when its candidates resolve to nobody at run time (a role with no holder, a
/// department without a head). The definition chooses; nothing happens silently.</summary>
public enum WhenNoCandidate
{
    /// <summary>The node faults with the unresolved candidates named: an incident an operator retries once the
    /// organisation is fixed, or skips, or cancels.</summary>
    Fault,

    /// <summary>The administrators nearest above the instance's organisation decide, and the journal says so.</summary>
    Escalate,
}
