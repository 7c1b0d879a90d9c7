using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hub.Server.Api.Validation;

/// <summary>Runs <see cref="IValidatedRequest.Validate"/> on the body and answers 400 with every field's problems.</summary>
internal sealed class ValidationFilter<T> : IEndpointFilter where T : class, IValidatedRequest
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<T>().SingleOrDefault();
        if (request is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                detail: "A JSON body is required.");
        }

        var errors = new RequestErrors();
        request.Validate(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await next(context);
    }
}

/// <summary>Attaches request validation to an endpoint.</summary>
internal static class ValidationExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class, IValidatedRequest =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
