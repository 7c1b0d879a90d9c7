namespace Hub.Trust.Timestamps;

/// <summary>
/// A time-stamp could not be obtained or failed verification. Signing must fail with it: the Hub never substitutes the
/// local clock for a TSA's time.
/// </summary>
public sealed class TimestampException : Exception
{
    /// <summary>Creates the exception with a message that names the TSA and the exact failure.</summary>
    public TimestampException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public TimestampException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
