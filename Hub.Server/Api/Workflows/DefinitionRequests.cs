using System.Text.Json;
using Hub.Server.Api.Validation;

namespace Hub.Server.Api.Workflows;

/// <summary>Saves a draft, or imports (publishes) a definition document for an organisation.</summary>
internal sealed record SaveDefinitionRequest(Guid? OrganisationId, JsonElement? Document) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        if (Document is not { ValueKind: JsonValueKind.Object })
        {
            errors.Add("document", "'document' is required and must be a JSON object (a workflow definition).");
        }
    }
}

/// <summary>Validates a definition document without storing it.</summary>
internal sealed record ValidateDefinitionRequest(JsonElement? Document) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        if (Document is not { ValueKind: JsonValueKind.Object })
        {
            errors.Add("document", "'document' is required and must be a JSON object (a workflow definition).");
        }
    }
}
