using Hub.Activities.Organisations;

namespace Hub.Server.Authorisation;

/// <summary>Whether a person (session cookie) or a system (API key) is calling.</summary>
public enum CallerKind
{
    /// <summary>A person signed in with a password.</summary>
    Person,

    /// <summary>A system calling with an HMAC-signed request.</summary>
    System,
}

/// <summary>A role held over a subtree, with the subtree's path for prefix tests.</summary>
public sealed record ScopedRole(Role Role, Guid OrganisationId, string OrganisationName, string OrganisationPath);

/// <summary>
/// Who is calling, resolved from the database on every request so that a withdrawn role or revoked key takes effect
/// at once. Every organisation-scoped decision goes through <see cref="CanRead"/> and <see cref="CanAdminister"/>.
/// </summary>
public sealed record Caller(CallerKind Kind, Guid Id, string Name, string DisplayName, Guid OrganisationId,
    string OrganisationName, IReadOnlyList<ScopedRole> Roles)
{
    /// <summary>The caller may see data of the organisation at <paramref name="organisationPath"/>.</summary>
    public bool CanRead(string organisationPath) =>
        Roles.Any(r => organisationPath.StartsWith(r.OrganisationPath, StringComparison.Ordinal));

    /// <summary>The caller may change the organisation at <paramref name="organisationPath"/>, its members and keys.</summary>
    public bool CanAdminister(string organisationPath) =>
        Roles.Any(r => r.Role is Role.HqAdmin or Role.OrgAdmin &&
                       organisationPath.StartsWith(r.OrganisationPath, StringComparison.Ordinal));

    /// <summary>The caller holds <paramref name="role"/> over the organisation at <paramref name="organisationPath"/>.</summary>
    public bool Holds(Role role, string organisationPath) =>
        Roles.Any(r => r.Role == role && organisationPath.StartsWith(r.OrganisationPath, StringComparison.Ordinal));

    /// <summary>The roots of every subtree the caller may read.</summary>
    public IEnumerable<string> ReadableRoots => Roles.Select(r => r.OrganisationPath).Distinct();

    /// <summary>
    /// Binds a handler parameter to the caller of the current request. Endpoints that take a Caller require
    /// authentication, so the principal is always present; a principal whose user or key vanished is refused
    /// earlier by the authentication handlers.
    /// </summary>
    public static async ValueTask<Caller?> BindAsync(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var resolver = context.RequestServices.GetService(typeof(CallerResolver)) as CallerResolver
            ?? throw new InvalidOperationException("CallerResolver is not registered.");
        return await resolver.ResolveAsync(context.User, context.RequestAborted);
    }

    /// <summary>How the caller appears in logs: an id, never a secret or personal data.</summary>
    public override string ToString() => Kind == CallerKind.Person ? $"user {Id}" : $"api key {Name}";
}
