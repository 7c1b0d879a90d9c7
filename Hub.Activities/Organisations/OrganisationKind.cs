namespace Hub.Activities.Organisations;

/// <summary>The level of an organisation in the group tree.</summary>
public enum OrganisationKind
{
    /// <summary>Group headquarters: the root, a legal entity.</summary>
    Group,

    /// <summary>A subsidiary: a legal entity with its own seals, under the group or another subsidiary.</summary>
    Subsidiary,

    /// <summary>A department: part of a legal entity, not one itself.</summary>
    Department,
}
