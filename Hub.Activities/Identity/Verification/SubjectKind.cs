namespace Hub.Activities.Identity.Verification;

/// <summary>Who a verification is about.</summary>
public enum SubjectKind
{
    /// <summary>A natural person.</summary>
    Person,

    /// <summary>An enterprise (legal entity).</summary>
    Enterprise,
}
