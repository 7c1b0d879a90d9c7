namespace Hub.Activities.Archive;

/// <summary>A stored document or its manifest failed authentication: a segment is missing, altered, swapped, truncated, from another document, or one too many exists; or the manifest was edited. The message names the document and the segment.</summary>
public sealed class ArchiveIntegrityException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public ArchiveIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that revealed it.</summary>
    public ArchiveIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
