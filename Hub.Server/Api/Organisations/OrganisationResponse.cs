using Hub.Activities.Organisations;

namespace Hub.Server.Api.Organisations;

/// <summary>An organisation as the API shows it.</summary>
internal sealed record OrganisationResponse(Guid Id, Guid? ParentId, OrganisationKind Kind, string Name,
    string? CreditCode, string? LegalRepresentative)
{
    public static OrganisationResponse From(Organisation o) =>
        new(o.Id, o.ParentId, o.Kind, o.Name, o.CreditCode, o.LegalRepresentative);
}
