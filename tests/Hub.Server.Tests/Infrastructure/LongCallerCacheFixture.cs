using Microsoft.AspNetCore.Builder;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>A node whose caller cache keeps entries for an hour: a change that shows on the next request can only
/// have come from eviction, never from an entry expiring during the test.</summary>
public sealed class LongCallerCacheFixture : HubServerFixture
{
    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Configuration["Authentication:CallerCacheSeconds"] = "3600";
}
