using System.Net;
using Hangfire;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Hosting;

/// <summary>The Hangfire dashboard at /jobs: HQ administrators only, and no connection secrets on the page or in logs.</summary>
public sealed class JobsDashboardTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Theory]
    [InlineData("/jobs")]
    [InlineData("/jobs/recurring")]
    [InlineData("/jobs/stats")]
    public async Task Dashboard_Unauthenticated_Answers401(string path)
    {
        using var anonymous = hub.Anonymous();
        using var response = path.EndsWith("stats", StringComparison.Ordinal)
            ? await anonymous.PostAsync(path, new FormUrlEncodedContent([]))
            : await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("alpha.admin")]
    [InlineData("alpha.member")]
    public async Task Dashboard_AnotherRole_Answers403(string userName)
    {
        using var client = await hub.SignInAsync(userName);
        using var response = await client.GetAsync("/jobs/recurring");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("nonce-pruning", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_HqAdmin_SeesTheRecurringJobsAndNoSecret()
    {
        using var hq = await hub.SignInAsync("hq.admin");
        using var response = await hq.GetAsync("/jobs/recurring");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("nonce-pruning", page, StringComparison.Ordinal);
        Assert.Contains("identity-wait-sweep", page, StringComparison.Ordinal);
        Assert.Contains("crl-refresh", page, StringComparison.Ordinal);
        var password = new NpgsqlConnectionStringBuilder(hub.RuntimeConnectionString).Password!;
        Assert.DoesNotContain(password, page, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_DescribedInLogs_NamesNoPassword()
    {
        // Hangfire logs its storage by ToString() when a server starts.
        var described = hub.Service<JobStorage>().ToString()!;
        Assert.Contains("Schema: hangfire", described, StringComparison.Ordinal);
        foreach (var connection in new[] { hub.RuntimeConnectionString, hub.ConnectionString })
        {
            var password = new NpgsqlConnectionStringBuilder(connection).Password!;
            Assert.DoesNotContain(password, described, StringComparison.Ordinal);
            Assert.DoesNotContain(hub.Logs.Lines, line => line.Message.Contains(password, StringComparison.Ordinal));
        }
    }
}
