using System.Text.Json;
using Hub.Server.Workflows.Stores;

namespace Hub.Server.Api.Workflows;

/// <summary>A stored definition version; <see cref="Document"/> only when one version is asked for.</summary>
internal sealed record DefinitionResponse(Guid Id, string DefinitionId, int Version, Guid OrganisationId, string Status, string Name,
    string? ContentHash, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, JsonElement? Document)
{
    public static DefinitionResponse From(StoredDefinition d) => new(d.Id, d.DefinitionId, d.Version, d.OrganisationId, d.Status.ToString(), d.Name,
        d.ContentHash, d.CreatedAt, d.PublishedAt, d.Document is null ? null : JsonDocument.Parse(d.Document).RootElement.Clone());
}

/// <summary>The problems that block publication; empty when the document may be published.</summary>
internal sealed record ValidationResponse(bool Valid, IReadOnlyList<ProblemResponse> Problems);

/// <summary>One problem of a definition, located for the designer.</summary>
internal sealed record ProblemResponse(string Code, string Message, string? NodeId);
