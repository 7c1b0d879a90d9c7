using System.Net;
using System.Net.Http.Json;
using Hub.Server.Identity;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Identity;

/// <summary>Rotating the lookup key re-hashes every person in one transaction: duplicate checks still find them, and no
/// hash of the old key remains.</summary>
public sealed class IdentityLookupRotationTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task RotateLookupKey_RehashesEveryPerson_DuplicateCheckStillRefusesAndOldHashesAreGone()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var first = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var second = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var erased = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        using (var erase = await admin.DeleteAsync($"/api/identity/persons/{erased.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        }

        var before = await LookupsAsync();

        var (version, persons) = await hub.Service<IdentityKeys>().RotateLookupKeyAsync(CancellationToken.None);

        Assert.Equal((2, 2), (version, persons));
        var after = await LookupsAsync();
        Assert.Equal(2, after.Count);
        Assert.Empty(after.Intersect(before));
        await using (var connection = new NpgsqlConnection(hub.ConnectionString))
        {
            await connection.OpenAsync();
            await using var keys = new NpgsqlCommand("SELECT string_agg(version || ':' || (retired_at IS NULL), ',' ORDER BY version) FROM identity.lookup_keys", connection);
            Assert.Equal("1:false,2:true", await keys.ExecuteScalarAsync());
        }

        // The duplicate check hashes with the new key and finds both persons registered before the rotation.
        foreach (var person in new[] { first, second })
        {
            using var again = await admin.PostAsJsonAsync("/api/identity/persons",
                new { organisationId = hub.Group.Alpha.Id, name = person.Name, idNumber = person.IdNumber, mobile = person.Mobile });
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains($"A person with ID number {person.IdNumber[0]}{new string('*', 13)}{person.IdNumber[^4..]} is registered", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // And a person registered after it is hashed with the new key too.
        var third = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        Assert.Equal(3, (await LookupsAsync()).Count);
        Assert.Equal("Verified", (await TestPerson.StartAsync(admin, third.Id, new { method = "ThreeElement" })).GetProperty("status").GetString());
    }

    /// <summary>Every lookup hash (ID number and mobile) as hex, one entry per person holding them.</summary>
    private async Task<HashSet<string>> LookupsAsync()
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT encode(id_number_lookup, 'hex') || ':' || encode(mobile_lookup, 'hex') FROM identity.persons WHERE id_number_lookup IS NOT NULL", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lookups = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            lookups.Add(reader.GetString(0));
        }

        return lookups;
    }
}
