namespace Hub.Activities.Documents.Templates;

/// <summary>A .docx was refused before any of it was interpreted: not a zip, a zip bomb, a DTD or external entity in
/// an XML part, macro-enabled content, an oversized image, or not a Word document at all.</summary>
public sealed class DocumentRejectedException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public DocumentRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that revealed it.</summary>
    public DocumentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
