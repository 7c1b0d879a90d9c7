using System.Net;
using Hub.Server.Identity;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Identity;

/// <summary>Rotating the identity wrapping key re-wraps every data key, retires the old key, and loses nothing.</summary>
public sealed class IdentityKeyRotationTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Rotate_RewrapsEveryPersonRetiresTheOldKeyAndDataStillDecrypts()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var first = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var second = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var erased = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        using (var erase = await admin.DeleteAsync($"/api/identity/persons/{erased.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        }

        Assert.Equal(2, await hub.Service<IdentityKeys>().RotateAsync(CancellationToken.None));

        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using (var keys = new NpgsqlCommand("SELECT string_agg(version || ':' || (retired_at IS NULL), ',' ORDER BY version) FROM identity.wrapping_keys", connection))
        {
            Assert.Equal("1:false,2:true", await keys.ExecuteScalarAsync());
        }

        await using (var versions = new NpgsqlCommand("SELECT string_agg(DISTINCT key_version::text, ',') FROM identity.persons WHERE wrapped_data_key IS NOT NULL", connection))
        {
            Assert.Equal("2", await versions.ExecuteScalarAsync());
        }

        // Verification decrypts name, ID number and mobile to send them to the provider: it still works after rotation.
        foreach (var person in new[] { first, second })
        {
            var verification = await TestPerson.StartAsync(admin, person.Id, new { method = "ThreeElement" });
            Assert.Equal("Verified", verification.GetProperty("status").GetString());
        }
    }
}
