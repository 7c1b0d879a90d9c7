namespace Hub.Activities.Documents.Conversion;

/// <summary>A document could not be converted: LibreOffice is missing, the queue is full, the conversion timed out
/// (its process was killed), or LibreOffice reported an error. The message says which.</summary>
public sealed class DocumentConversionException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public DocumentConversionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error behind it.</summary>
    public DocumentConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
