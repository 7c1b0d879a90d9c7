namespace Hub.Server.Documents;

/// <summary>One version of a managed template, without its bytes.</summary>
/// <param name="Name">The name flows use (GenerateDocument's template input).</param>
/// <param name="Version">1 for the first upload of the name, then one more for each.</param>
/// <param name="OwnerOrganisationId">The owning organisation, or null for the platform's templates.</param>
/// <param name="OwnerPath">Its path, or null for the platform's.</param>
/// <param name="Fingerprint">SHA-256 over the .docx, schema and sample, as seeding compares them.</param>
/// <param name="Size">Bytes of the .docx.</param>
/// <param name="UploadedBy">Who uploaded it (a user or API key, or <c>shipped</c> for seeded templates).</param>
/// <param name="CreatedAt">When.</param>
internal sealed record StoredTemplate(string Name, int Version, Guid? OwnerOrganisationId, string? OwnerPath, string Fingerprint, int Size,
    string UploadedBy, DateTimeOffset CreatedAt)
{
    /// <summary>Whether a flow of the organisation at <paramref name="organisationPath"/> may use it: the platform's, or
    /// owned by that organisation or an ancestor.</summary>
    public bool UsableBy(string organisationPath) => OwnerPath is null || organisationPath.StartsWith(OwnerPath, StringComparison.Ordinal);
}

/// <summary>A template to store: checked already (<see cref="TemplateCheck"/>).</summary>
internal sealed record TemplateUpload(string Name, Guid? OwnerOrganisationId, string? OwnerPath, byte[] Docx, string InputSchema, string SampleData,
    string UploadedBy);

/// <summary>The stored bytes of one template version.</summary>
internal sealed record TemplateContent(byte[] Docx, string InputSchema, string SampleData);

/// <summary>A new version of a name owned by another organisation (the owner is fixed by the first version).</summary>
internal sealed class TemplateOwnerConflictException(string message) : Exception(message);
