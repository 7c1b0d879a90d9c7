namespace Hub.Trust.Pki;

/// <summary>The CA refused an operation: not initialised, unknown or already revoked serial, invalid subject, unusable PKCS#12.</summary>
public sealed class CertificateAuthorityException : Exception
{
    /// <summary>Creates the exception with a message that names the certificate or setting at fault.</summary>
    public CertificateAuthorityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public CertificateAuthorityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
