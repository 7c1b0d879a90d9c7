using System.Text.Json;

namespace Hub.Server.Api.Workflows;

/// <summary>A stored definition version; <see cref="Document"/> only when one version is asked for.</summary>
internal sealed record DefinitionResponse(Guid Id, string DefinitionId, int Version, Guid OrganisationId, string Status, string Name,
    string? ContentHash, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, JsonElement? Document);

/// <summary>The problems that block publication; empty when the document may be published.</summary>
internal sealed record ValidationResponse(bool Valid, IReadOnlyList<ProblemResponse> Problems);

/// <summary>One problem of a definition, located for the designer.</summary>
internal sealed record ProblemResponse(string Code, string Message, string? NodeId);
