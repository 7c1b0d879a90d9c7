namespace Hub.Trust.Keys;

/// <summary>A key store refused an operation: unknown or duplicate key, wrong master key, altered key file, or an export the store does not allow.</summary>
public sealed class KeyStoreException : Exception
{
    /// <summary>Creates the exception with a message that names the key and the cause.</summary>
    public KeyStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public KeyStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
