namespace Hub.Server.Api.Validation;

/// <summary>A request body that checks itself before its handler runs; every problem is reported, not the first.</summary>
internal interface IValidatedRequest
{
    void Validate(RequestErrors errors);
}
