namespace Hub.Activities.Archive;

/// <summary>What was done to an archived document (or attempted, for <see cref="Refused"/>).</summary>
public enum ArchiveAuditAction
{
    /// <summary>The document was stored (or found stored already by the same owner).</summary>
    Stored,

    /// <summary>The document was decrypted for a reader.</summary>
    Read,

    /// <summary>The document was exported encrypted for a participant's certificate.</summary>
    Exported,

    /// <summary>A legal hold was placed.</summary>
    HoldPlaced,

    /// <summary>A legal hold was released.</summary>
    HoldReleased,

    /// <summary>The document's key was rewrapped under the current archive key.</summary>
    Rewrapped,

    /// <summary>The document was deleted.</summary>
    Deleted,

    /// <summary>An operation was refused (organisation, hold, retention, integrity); the detail says why.</summary>
    Refused,
}
