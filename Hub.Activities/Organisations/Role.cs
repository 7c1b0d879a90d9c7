namespace Hub.Activities.Organisations;

/// <summary>What a member may do, always held for an organisation subtree (DESIGN.md §5).</summary>
public enum Role
{
    /// <summary>Group headquarters administrator: administers the whole subtree, including other administrators.</summary>
    HqAdmin,

    /// <summary>Administrator of one subsidiary's subtree (members, departments, API keys); cannot grant HqAdmin.</summary>
    OrgAdmin,

    /// <summary>Keeps seals and applies them.</summary>
    SealCustodian,

    /// <summary>Legal reviewer.</summary>
    Legal,

    /// <summary>Finance reviewer.</summary>
    Finance,

    /// <summary>Decides approval tasks.</summary>
    Approver,

    /// <summary>Raises requests.</summary>
    Applicant,
}
