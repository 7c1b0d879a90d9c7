namespace Hub.Trust.Signing;

/// <summary>A seal cannot be applied to this document as asked (e.g. certification of an already signed file, a taken field name, a keyword not found).</summary>
public sealed class PdfSigningException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public PdfSigningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public PdfSigningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
