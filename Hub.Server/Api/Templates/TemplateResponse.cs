using Hub.Server.Documents;

namespace Hub.Server.Api.Templates;

/// <summary>One template version as the API shows it; a null owner is the platform's template.</summary>
internal sealed record TemplateResponse(string Name, int Version, Guid? OwnerOrganisationId, string? OwnerPath, string Fingerprint, int Size,
    string UploadedBy, DateTimeOffset CreatedAt)
{
    public static TemplateResponse From(StoredTemplate template) => new(template.Name, template.Version, template.OwnerOrganisationId,
        template.OwnerPath, template.Fingerprint, template.Size, template.UploadedBy, template.CreatedAt);
}
