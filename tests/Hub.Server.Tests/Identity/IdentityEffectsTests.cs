using System.Net.Http.Json;
using System.Text.Json;
using Hub.Activities.Identity;
using Hub.Activities.Identity.Activities;
using Hub.Activities.Identity.Providers.Local;
using Hub.Activities.Organisations;
using Hub.Server.Tests.Infrastructure;
using Hub.Workflows.Effects;

namespace Hub.Server.Tests.Identity;

/// <summary>
/// The identity effect handler as the node registers it, called directly with effects whose instance does not exist:
/// it acts for the effect's owner alone and never reads the instance, so these runs need no workflow.
/// </summary>
public sealed class IdentityEffectsTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    private EffectHandlers Handlers => new(hub.Service<IEnumerable<IEffectHandler>>());

    [Fact]
    public void Kinds_TheIdentityActivitiesKinds_OneHandlerPerformsAll()
    {
        var handler = Handlers.Find(VerifyPersonActivity.EffectKind);

        Assert.IsType<IdentityEffects>(handler);
        Assert.Same(handler, Handlers.Find(VerifyEnterpriseActivity.EffectKind));
        Assert.Same(handler, Handlers.Find(RequireFreshAuthenticationActivity.EffectKind));
        Assert.Equal(["identity.fresh-authentication", "identity.verify-enterprise", "identity.verify-person"],
            handler.Kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_OwnerCoversThePerson_VerifiesAtSubstantial()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);

        // The group's owner covers Alpha's person: the subtree, not the exact organisation, decides.
        var result = await HandleAsync(VerifyPersonActivity.EffectKind, new { personId = person.Id, method = "ThreeElement" }, hub.Group.Group);

        Assert.False(result.IsTransient);
        Assert.Equal("Verified", result.Response.GetProperty("status").GetString());
        Assert.Equal("Substantial", result.Response.GetProperty("level").GetString());
        Assert.Equal("Verified", (await PersonAsync(admin, person.Id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HandleAsync_PersonOutsideTheOwnersSubtree_FailsAndAsksNoProvider()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);

        var result = await HandleAsync(VerifyPersonActivity.EffectKind, new { personId = person.Id, method = "ThreeElement" }, hub.Group.Beta);

        Assert.False(result.IsTransient);
        Assert.Equal("Failed", result.Response.GetProperty("status").GetString());
        Assert.Equal($"Person {person.Id} belongs to an organisation outside this instance's organisation; identity records never cross organisations.",
            result.Response.GetProperty("reason").GetString());
        Assert.Equal(0, (await PersonAsync(admin, person.Id)).GetProperty("verifications").GetArrayLength());
    }

    [Fact]
    public async Task HandleAsync_ProviderUnavailable_IsTransientAndNobodyIsVerified()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        hub.Service<LocalIdentityProvider>().InjectFault(LocalProviderFault.Unavailable, 3);

        var result = await HandleAsync(VerifyPersonActivity.EffectKind, new { personId = person.Id, method = "ThreeElement" }, hub.Group.Alpha);

        Assert.True(result.IsTransient);
        Assert.Contains("HTTP 503", result.TransientError, StringComparison.Ordinal);
        Assert.Equal("Failed", result.Response.GetProperty("status").GetString());
        Assert.Equal("Unverified", (await PersonAsync(admin, person.Id)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"personId\":\"not-a-uuid\",\"method\":\"ThreeElement\"}", "'personId' is not a UUID.")]
    [InlineData("{\"personId\":\"00000000-0000-0000-0000-000000000001\",\"method\":\"ThreeElement\"}",
        "No person 00000000-0000-0000-0000-000000000001 in the identity store.")]
    public async Task HandleAsync_VerifyPersonWithoutItsPerson_FailsWithTheReason(string payload, string reason)
    {
        var result = await HandleAsync(VerifyPersonActivity.EffectKind, JsonDocument.Parse(payload).RootElement, hub.Group.Alpha);

        Assert.False(result.IsTransient);
        Assert.Equal("Failed", result.Response.GetProperty("status").GetString());
        Assert.Equal(reason, result.Response.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task HandleAsync_FreshAuthenticationWithoutItsSignal_FailsBeforeAnyCodeIsSent()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);

        var result = await HandleAsync(RequireFreshAuthenticationActivity.EffectKind,
            new { personId = person.Id, documentSha256 = new string('a', 64), method = "SmsCode" }, hub.Group.Alpha);

        Assert.Equal("Failed", result.Response.GetProperty("status").GetString());
        Assert.Equal("'signal' is missing.", result.Response.GetProperty("reason").GetString());
        Assert.Equal(0, (await PersonAsync(admin, person.Id)).GetProperty("verifications").GetArrayLength());
    }

    private Task<EffectResult> HandleAsync(string kind, object payload, Organisation owner) =>
        HandleAsync(kind, JsonSerializer.SerializeToElement(payload), owner);

    private Task<EffectResult> HandleAsync(string kind, JsonElement payload, Organisation owner)
    {
        var effect = new Effect(kind, payload, $"test:{Guid.NewGuid():N}", Guid.NewGuid(), "node", new EffectOwner(owner.Id, owner.Path), 1);
        return Handlers.Find(kind)!.HandleAsync(effect, CancellationToken.None);
    }

    private static async Task<JsonElement> PersonAsync(HttpClient admin, Guid personId) =>
        await admin.GetFromJsonAsync<JsonElement>($"/api/identity/persons/{personId}");
}
