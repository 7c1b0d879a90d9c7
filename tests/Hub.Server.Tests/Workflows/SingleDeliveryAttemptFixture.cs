using Hub.Server.Tests.Infrastructure;
using Hub.Server.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Tests.Workflows;

/// <summary>A node that gives up on a delivery after its first failed attempt, so a Delivery incident opens as soon
/// as the receiver answers 503 (not after the default five attempts' backoff).</summary>
public sealed class SingleDeliveryAttemptFixture : HubServerFixture
{
    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton(new WorkflowHostOptions { MaxDeliveryAttempts = 1 });
}
