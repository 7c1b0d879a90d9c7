namespace Hub.Activities.Archive;

/// <summary>The caller's organisation does not contain the document's owner, so the document may not be read, exported, held or deleted by it.</summary>
public sealed class ArchiveAccessDeniedException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public ArchiveAccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that revealed it.</summary>
    public ArchiveAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
