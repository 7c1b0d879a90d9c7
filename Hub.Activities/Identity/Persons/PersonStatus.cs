namespace Hub.Activities.Identity.Persons;

/// <summary>Where a person stands in real-name verification.</summary>
public enum PersonStatus
{
    /// <summary>Registered, not (or no longer) verified.</summary>
    Unverified,

    /// <summary>Verified by at least one method whose result has not expired.</summary>
    Verified,

    /// <summary>Erased: the data key is shredded and the personal data unreadable.</summary>
    Erased,
}
