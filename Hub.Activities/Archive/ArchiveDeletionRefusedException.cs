namespace Hub.Activities.Archive;

/// <summary>Deletion was refused because the document is under legal hold or its retention period has not ended; the message says which and until when.</summary>
public sealed class ArchiveDeletionRefusedException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public ArchiveDeletionRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that revealed it.</summary>
    public ArchiveDeletionRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
