namespace Hub.Activities.Seals.Statements;

/// <summary>Statement bytes that are not a canonical approval statement this Hub reads; the message says why.</summary>
public sealed class ApprovalStatementFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApprovalStatementFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ApprovalStatementFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
