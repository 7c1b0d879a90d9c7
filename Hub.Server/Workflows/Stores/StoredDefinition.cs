using Hub.Workflows.Definitions;

namespace Hub.Server.Workflows.Stores;

/// <summary>A row of <c>hub.workflow_definitions</c> with its owner's path; <see cref="Document"/> only when one
/// version was asked for.</summary>
internal sealed record StoredDefinition(Guid Id, string DefinitionId, int Version, Guid OrganisationId, string OrganisationPath,
    DefinitionStatus Status, string Name, string? ContentHash, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string? Document)
{
    /// <summary>The version as stored, ready for its next transition (no validation replayed).</summary>
    /// <exception cref="InvalidOperationException">The row was read without its document.</exception>
    public DefinitionVersion ToVersion() => DefinitionVersion.Rehydrate(
        WorkflowDefinitions.Read(Document ?? throw new InvalidOperationException($"definition {Id} was read without its document")),
        Status, ContentHash);
}
