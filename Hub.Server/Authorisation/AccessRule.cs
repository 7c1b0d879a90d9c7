using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hub.Server.Authorisation;

/// <summary>
/// Endpoint metadata saying who may call it. Every endpoint carries one (a test enforces this); it is also shown
/// in the OpenAPI description so integrators read the rule beside the route.
/// </summary>
public sealed record AccessRule(string WhoMayCall, bool Anonymous)
{
    /// <summary>Anyone, signed in or not.</summary>
    public static AccessRule Everyone(string why) => new($"anyone ({why})", true);

    /// <summary>Any authenticated person or system; the handler narrows what it returns to the caller's subtrees.</summary>
    public static AccessRule AnyCaller(string narrowing) => new($"any signed-in person or API key; {narrowing}", false);

    /// <summary>An authenticated caller meeting a condition the handler checks against the addressed organisation.</summary>
    public static AccessRule Scoped(string condition) => new(condition, false);
}

/// <summary>Declares access rules on endpoints.</summary>
internal static class AccessRuleExtensions
{
    public static TBuilder Allow<TBuilder>(this TBuilder builder, AccessRule rule) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(rule);
        builder.WithDescription("Who may call: " + rule.WhoMayCall + ".");
        return rule.Anonymous ? builder.AllowAnonymous() : builder.RequireAuthorization();
    }
}
