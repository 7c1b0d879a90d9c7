namespace Hub.Workflows.Activities;

/// <summary>Thrown by an activity to fault with a classified error: transient errors are retried under the
/// activity's <see cref="RetryPolicy"/>; others fault the instance at once.</summary>
public sealed class ActivityFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActivityFaultException(string message, bool isTransient, string errorType = "activity-fault") : base(message)
    {
        IsTransient = isTransient;
        ErrorType = errorType;
    }

    /// <summary>Whether a retry may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>A stable error code.</summary>
    public string ErrorType { get; }
}
