using Hub.Activities.Identifiers;
using Hub.Activities.Organisations;
using Hub.Server.Api.Validation;

namespace Hub.Server.Api.Organisations;

/// <summary>Adds a subsidiary or department below an existing organisation.</summary>
internal sealed record CreateOrganisationRequest(Guid? ParentId, OrganisationKind? Kind, string? Name,
    string? CreditCode, string? LegalRepresentative) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("parentId", ParentId);
        errors.Required("name", Name, 200);
        if (!errors.Required("kind", Kind))
        {
            return;
        }

        switch (Kind)
        {
            case OrganisationKind.Group:
                errors.Add("kind", "A group is created only when the Hub is set up; add a Subsidiary or Department.");
                break;
            case OrganisationKind.Subsidiary:
                if (!UnifiedSocialCreditCode.TryParse(CreditCode, out _, out var problem))
                {
                    errors.Add("creditCode", problem!);
                }

                errors.Required("legalRepresentative", LegalRepresentative, 100);
                break;
            case OrganisationKind.Department:
                if (CreditCode is not null || LegalRepresentative is not null)
                {
                    errors.Add(CreditCode is not null ? "creditCode" : "legalRepresentative",
                        "A department is not a legal entity: leave 'creditCode' and 'legalRepresentative' out.");
                }

                break;
        }
    }
}
