namespace Hub.Activities.Archive;

/// <summary>No document with this SHA-256 is archived.</summary>
public sealed class ArchiveDocumentNotFoundException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public ArchiveDocumentNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that revealed it.</summary>
    public ArchiveDocumentNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
