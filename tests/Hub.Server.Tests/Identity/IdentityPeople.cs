using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Providers.Local;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Identity;

/// <summary>Fresh fictitious persons (valid check digits, unique per call) known to the node's local provider.</summary>
internal sealed record TestPerson(Guid Id, string Name, string IdNumber, string Mobile)
{
    private static int _sequence = Random.Shared.Next(0, 500);

    public static TestPerson New(string name = "赵六")
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var first17 = $"3301061990{1 + sequence / 28 % 12:00}{1 + sequence % 28:00}{sequence % 1000:000}";
        var id = first17 + ResidentIdNumber.CheckCharacter(first17);
        var mobile = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        return new TestPerson(Guid.Empty, name, id, mobile);
    }

    /// <summary>Registers the person in the provider's register and in the Hub (as <paramref name="admin"/>).</summary>
    public static async Task<TestPerson> RegisterAsync(HubServerFixture hub, HttpClient admin, Guid organisationId,
        Guid? userId = null, string name = "赵六", LocalPersonState state = LocalPersonState.Valid)
    {
        var person = New(name);
        hub.Service<LocalIdentityProvider>().Registry.Add(new LocalTestPerson(person.Name, person.IdNumber, person.Mobile, state));
        var response = await admin.PostAsJsonAsync("/api/identity/persons",
            new { organisationId, userId, name = person.Name, idNumber = person.IdNumber, mobile = person.Mobile });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return person with { Id = body.GetProperty("id").GetGuid() };
    }

    /// <summary>Starts a verification and returns the created record (asserting 201).</summary>
    public static async Task<JsonElement> StartAsync(HttpClient client, Guid personId, object request)
    {
        var response = await client.PostAsJsonAsync($"/api/identity/persons/{personId}/verifications", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Answers a UKey challenge with the private key of a Hub-issued certificate, as the person's UKey would.</summary>
    public static async Task<JsonElement> SignChallengeAsync(HubServerFixture hub, string serialNumber, JsonElement challenge)
    {
        var trust = hub.Service<Hub.Server.Trust.HubTrust>();
        var issued = await trust.Authority.GetCertificateAsync(serialNumber, CancellationToken.None);
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportPkcs8PrivateKey(await trust.Keys.ExportPkcs8Async(issued.SigningKeyId, CancellationToken.None), out _);
        var signature = key.SignData(Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!),
            System.Security.Cryptography.HashAlgorithmName.SHA256);
        return JsonSerializer.SerializeToElement(new { signature = Convert.ToBase64String(signature), certificate = Convert.ToBase64String(issued.Certificate.RawData) });
    }

    /// <summary>POSTs JSON and returns the answer, asserting success.</summary>
    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The last SMS code the development sink holds for a person.</summary>
    public static string LastCode(HubServerFixture hub, Guid personId) =>
        System.Text.RegularExpressions.Regex.Match(hub.Service<DevelopmentSmsSink>().LastTo(personId)!, "[0-9]{6}").Value;
}
