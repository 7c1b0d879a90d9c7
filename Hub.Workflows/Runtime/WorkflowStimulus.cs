namespace Hub.Workflows.Runtime;

/// <summary>What starts a burst: <see cref="StartStimulus"/>, <see cref="ResumeStimulus"/>,
/// <see cref="SignalStimulus"/> or <see cref="RetryStimulus"/>.</summary>
/// <param name="Actor">Who caused it, if known; recorded in the journal.</param>
public abstract record WorkflowStimulus(string? Actor);
