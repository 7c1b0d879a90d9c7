using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows;

/// <summary>An instance row as a burst needs it, read under its row lock (<see cref="Stores.InstanceStore.LockAsync"/>).</summary>
internal sealed record InstanceRecord(Guid Id, Guid DefinitionRowId, string DefinitionHash, Guid OrganisationId,
    string OrganisationPath, Guid? ApplicantId, string? CorrelationKey, WorkflowStatus Status, InstanceState State, int Version);
