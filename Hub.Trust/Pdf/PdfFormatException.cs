namespace Hub.Trust.Pdf;

/// <summary>
/// The PDF cannot be read or updated: it is malformed beyond the small, safe repairs the reader makes, uses a feature
/// refused on purpose (encryption), or exceeds a limit of <see cref="PdfReaderOptions"/>. The message says which.
/// </summary>
public sealed class PdfFormatException : Exception
{
    /// <summary>Creates the exception with a precise message.</summary>
    public PdfFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a precise message and the error that revealed the problem.</summary>
    public PdfFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
