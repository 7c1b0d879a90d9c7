using System.Security.Cryptography;
using Hub.Activities.Identity.Providers.Local;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Identity;

/// <summary>
/// Alpha's identity records for the access catalogue, fresh per call: a verified person with a certificate, a
/// pending SMS verification, a fresh authentication ready to sign one digest, a person to erase, and an enterprise
/// whose legal representative is verified.
/// </summary>
internal sealed record IdentityTargets(TestPerson Person, Guid PendingVerificationId, Guid ErasablePersonId, Guid SignerId,
    Guid FreshAuthenticationId, string DocumentSha256, Guid EnterpriseId, Guid RepresentativeId, Guid VerifiableEnterpriseId, Guid VerifiedEnterpriseId)
{
    public static async Task<IdentityTargets> CreateAsync(HubServerFixture hub, HttpClient alphaAdmin)
    {
        var alpha = hub.Group.Alpha.Id;
        var person = await TestPerson.RegisterAsync(hub, alphaAdmin, alpha);
        await TestPerson.StartAsync(alphaAdmin, person.Id, new { method = "ThreeElement" });
        var pending = await TestPerson.StartAsync(alphaAdmin, person.Id, new { method = "SmsCode" });
        var erasable = await TestPerson.RegisterAsync(hub, alphaAdmin, alpha);

        var signer = await TestPerson.RegisterAsync(hub, alphaAdmin, alpha);
        await TestPerson.StartAsync(alphaAdmin, signer.Id, new { method = "ThreeElement" });
        var certificate = await TestPerson.PostAsync(alphaAdmin, $"/api/identity/persons/{signer.Id}/certificates", new { });
        var digest = Convert.ToHexString(SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var fresh = await TestPerson.StartAsync(alphaAdmin, signer.Id, new { method = "UKey", documentSha256 = digest });
        var answer = await TestPerson.SignChallengeAsync(hub, certificate.GetProperty("serialNumber").GetString()!, fresh);
        await TestPerson.PostAsync(alphaAdmin, $"/api/identity/verifications/{fresh.GetProperty("id").GetGuid()}/complete", answer);

        var representative = await TestPerson.RegisterAsync(hub, alphaAdmin, alpha, name: "孙八");
        await TestPerson.StartAsync(alphaAdmin, representative.Id, new { method = "ThreeElement" });
        var enterprise = await RegisterEnterpriseAsync(hub, alphaAdmin, representative.Id);
        var verifiable = await RegisterEnterpriseAsync(hub, alphaAdmin, representative.Id);

        // A second representative: the first one's number is rate-limited for a minute by the authorisation code below.
        var owner = await TestPerson.RegisterAsync(hub, alphaAdmin, alpha, name: "孙八");
        await TestPerson.StartAsync(alphaAdmin, owner.Id, new { method = "ThreeElement" });
        var verified = await RegisterEnterpriseAsync(hub, alphaAdmin, owner.Id);
        var check = await TestPerson.PostAsync(alphaAdmin, $"/api/identity/enterprises/{verified}/verifications", new { });
        await TestPerson.PostAsync(alphaAdmin, $"/api/identity/verifications/{check.GetProperty("authorisation").GetProperty("id").GetGuid()}/complete",
            new { code = TestPerson.LastCode(hub, owner.Id) });
        return new IdentityTargets(person, pending.GetProperty("id").GetGuid(), erasable.Id, signer.Id, fresh.GetProperty("id").GetGuid(),
            digest, enterprise, representative.Id, verifiable, verified);
    }

    /// <summary>A body for registering a new person of Alpha.</summary>
    public static object NewPersonBody(HubServerFixture hub)
    {
        var person = TestPerson.New();
        return new { organisationId = hub.Group.Alpha.Id, name = person.Name, idNumber = person.IdNumber, mobile = person.Mobile };
    }

    /// <summary>A body for registering a new enterprise of Alpha.</summary>
    public static object NewEnterpriseBody(HubServerFixture hub, Guid representativeId) => new
    {
        organisationId = hub.Group.Alpha.Id, name = "孙氏商贸有限公司", creditCode = TestGroup.NewCreditCode(),
        legalRepresentativeId = representativeId, administratorUserId = hub.Group["alpha.admin"].Id,
    };

    private static async Task<Guid> RegisterEnterpriseAsync(HubServerFixture hub, HttpClient alphaAdmin, Guid representativeId)
    {
        var body = NewEnterpriseBody(hub, representativeId);
        var code = (string)body.GetType().GetProperty("creditCode")!.GetValue(body)!;
        hub.Service<LocalIdentityProvider>().Registry.Add(new LocalTestEnterprise("孙氏商贸有限公司", code, "孙八"));
        var created = await TestPerson.PostAsync(alphaAdmin, "/api/identity/enterprises", body);
        return created.GetProperty("id").GetGuid();
    }
}
