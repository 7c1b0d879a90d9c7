using Hub.Server.Authorisation;
using Hub.Server.Seals;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Hub.Server.Api.Seals;

/// <summary>What the seal endpoints' handlers need, bound as one [AsParameters] argument.</summary>
internal sealed record SealApiServices(NpgsqlDataSource Db, TimeProvider Time, SealCertificates Certificates, HttpContext Context)
{
    /// <summary>The acting user for the evidence chain; an API key acts for its organisation, recorded as the platform.</summary>
    public static Guid? ActorOf(Caller caller) => caller.Kind == CallerKind.Person ? caller.Id : null;
}
