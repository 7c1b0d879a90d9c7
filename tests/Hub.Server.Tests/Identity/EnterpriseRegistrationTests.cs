using System.Net;
using System.Net.Http.Json;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Identity;

/// <summary>Registering enterprises: a credit code is registered once, group-wide.</summary>
public sealed class EnterpriseRegistrationTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Register_CreditCodeRegisteredAlready_ConflictAndNoSecondRow()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var representative = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id, name: "孙八");
        var body = IdentityTargets.NewEnterpriseBody(hub, representative.Id);
        var code = (string)body.GetType().GetProperty("creditCode")!.GetValue(body)!;
        await TestPerson.PostAsync(admin, "/api/identity/enterprises", body);

        using var again = await admin.PostAsJsonAsync("/api/identity/enterprises", body);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"An enterprise with credit code {code} is registered already.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM identity.enterprises WHERE credit_code = $1", connection)
        { Parameters = { new() { Value = code } } };
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}
