namespace Hub.Activities.Archive;

/// <summary>The key a document needs is not available: its manifest names an archive key the ring does not hold, or a participant's certificate cannot unwrap or receive the document key.</summary>
public sealed class ArchiveKeyException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public ArchiveKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that revealed it.</summary>
    public ArchiveKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
