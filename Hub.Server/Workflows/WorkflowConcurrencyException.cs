namespace Hub.Server.Workflows;

/// <summary>A row changed under the host's feet (its version moved on, or a lease was lost); nothing was committed.</summary>
internal sealed class WorkflowConcurrencyException(string message) : Exception(message);
