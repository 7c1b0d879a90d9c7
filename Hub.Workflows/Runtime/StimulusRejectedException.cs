namespace Hub.Workflows.Runtime;

/// <summary>A stimulus that does not fit the instance (unknown bookmark, no bookmark for a signal, a decision for a task
/// that is not open, a start of a started instance). Nothing changed; the host may buffer an early signal and retry.</summary>
public sealed class StimulusRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StimulusRejectedException(string message) : base(message)
    {
    }
}
