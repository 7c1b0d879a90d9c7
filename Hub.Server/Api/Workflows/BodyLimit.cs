using Microsoft.AspNetCore.Http.Metadata;

namespace Hub.Server.Api.Workflows;

/// <summary>The largest request body an endpoint reads: routing applies it before the body is read, so an oversized
/// body is refused with 413 by the server without being parsed into memory (docs/workflow-format.md, "Input schema").</summary>
internal sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    /// <summary>Room for the request's other fields (organisation, definition, correlation key) around the document.</summary>
    public const int Envelope = 16 * 1024;

    /// <summary>A limit that fits a document of <paramref name="documentBytes"/> and the fields around it.</summary>
    public static BodyLimit Around(int documentBytes) => new((long)documentBytes + Envelope);
}
