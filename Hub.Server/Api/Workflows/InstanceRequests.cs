using System.Text.Json;
using Hub.Server.Api.Validation;

namespace Hub.Server.Api.Workflows;

/// <summary>Starts an instance of the latest published version (or <see cref="Version"/>) of a definition.</summary>
internal sealed record StartInstanceRequest(Guid? OrganisationId, string? DefinitionId, int? Version, JsonElement? Input,
    string? CorrelationKey) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        errors.Required("definitionId", DefinitionId, 200);
        if (Input is not { ValueKind: JsonValueKind.Object })
        {
            errors.Add("input", "'input' is required and must be a JSON object.");
        }

        if (CorrelationKey is not null)
        {
            errors.Required("correlationKey", CorrelationKey, 200);
        }
    }
}

/// <summary>Sends a signal to the instances of an organisation subtree waiting for it, or buffers it.</summary>
internal sealed record SignalRequest(Guid? OrganisationId, string? Name, string? CorrelationKey, JsonElement? Payload, int? TtlSeconds)
    : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        errors.Required("name", Name, 200);
        errors.Required("correlationKey", CorrelationKey, 400);
        if (TtlSeconds is < 1 or > 7 * 24 * 3600)
        {
            errors.Add("ttlSeconds", "'ttlSeconds' must be between 1 and 604800 (7 days).");
        }
    }
}

/// <summary>A decision on a task.</summary>
internal sealed record DecisionRequest(string? Decision, string? Comment) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        if (Decision is not ("approve" or "reject" or "return"))
        {
            errors.Add("decision", "'decision' must be one of approve, reject, return.");
        }

        if (Comment is { Length: > 2000 })
        {
            errors.Add("comment", "'comment' must be at most 2000 characters.");
        }
    }
}

/// <summary>Hands a task to another person.</summary>
internal sealed record DelegateRequest(Guid? UserId, string? Comment) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("userId", UserId);
        if (Comment is { Length: > 2000 })
        {
            errors.Add("comment", "'comment' must be at most 2000 characters.");
        }
    }
}

/// <summary>Skips the faulted node of an incident with one of its outcomes.</summary>
internal sealed record SkipRequest(string? Outcome) : IValidatedRequest
{
    public void Validate(RequestErrors errors) => errors.Required("outcome", Outcome, 200);
}
