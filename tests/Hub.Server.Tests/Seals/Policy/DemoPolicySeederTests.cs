using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Hosting;
using Hub.Server.Persistence;
using Hub.Server.Seals.Policy;
using Hub.Server.Seeding;
using Hub.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Seals.Policy;

public sealed class DemoPolicySeederTests
{
    [Fact]
    public async Task SeedIfAbsent_DemoGroup_HqAndSouthRulesOnce()
    {
        var connectionString = TestPostgres.AsRuntimeRole(await TestPostgres.CreateDatabaseAsync());
        var data = Directory.CreateTempSubdirectory("hub-policy-seed-").FullName;
        try
        {
            await using (var db = Context(connectionString))
            {
                await new DemoGroupSeeder(db, new PasswordHasher<User>(), TimeProvider.System,
                    new HubServerOptions { ConnectionString = connectionString, DataDirectory = data }, NullLogger<DemoGroupSeeder>.Instance)
                    .SeedIfEmptyAsync(CancellationToken.None);
            }

            int first, second;
            await using (var db = Context(connectionString))
            {
                first = await DemoPolicySeeder.SeedIfAbsentAsync(db, TimeProvider.System, CancellationToken.None);
            }

            await using (var db = Context(connectionString))
            {
                second = await DemoPolicySeeder.SeedIfAbsentAsync(db, TimeProvider.System, CancellationToken.None);
            }

            Assert.Equal(3, first);
            Assert.Equal(0, second);
            Organisation south, east, group;
            await using (var db = Context(connectionString))
            {
                group = await db.Organisations.SingleAsync(o => o.Name == DemoPolicySeeder.GroupName);
                south = await db.Organisations.SingleAsync(o => o.Name == DemoPolicySeeder.SouthName);
                east = await db.Organisations.SingleAsync(o => o.Name == "华东贸易有限公司");
            }

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var atSouth = await SealPolicyStore.RulesAlongPathAsync(dataSource, south.Path, CancellationToken.None);
            var atEast = await SealPolicyStore.RulesAlongPathAsync(dataSource, east.Path, CancellationToken.None);
            Assert.Equal(3, atSouth.Count);
            Assert.Equal(2, atEast.Count);

            // What the rules mean, on requests a newcomer's flows make.
            Assert.False(GroupPolicy.Evaluate(Request(south, SealType.Finance, 200_000m, unattended: true), atSouth).Allowed);
            Assert.True(GroupPolicy.Evaluate(Request(east, SealType.Finance, 200_000m, unattended: true), atEast).Allowed);
            var large = GroupPolicy.Evaluate(Request(south, SealType.Finance, 1_500_000m, unattended: false), atSouth);
            Assert.Equal("拒绝：华南制造有限公司 财务专用章 金额超过 1,000,000 元需集团法务审批", Assert.Single(large.Explanations).Chinese);
            var approved = Request(east, SealType.Contract, 600_000m, unattended: false) with
            {
                Approvals = [new("legal", "法务审核", "approve", Guid.NewGuid(), "孙集团法务", [$"Legal@{group.Path}"], DateTimeOffset.UtcNow)],
            };
            Assert.False(GroupPolicy.Evaluate(approved with { Approvals = [] }, atEast).Allowed);
            Assert.True(GroupPolicy.Evaluate(approved, atEast).Allowed);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task SeedIfAbsent_NoDemoGroup_Nothing()
    {
        var connectionString = TestPostgres.AsRuntimeRole(await TestPostgres.CreateDatabaseAsync());
        await using var db = Context(connectionString);

        Assert.Equal(0, await DemoPolicySeeder.SeedIfAbsentAsync(db, TimeProvider.System, CancellationToken.None));
    }

    private static HubDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<HubDbContext>().UseNpgsql(connectionString).Options);

    private static SealUseRequest Request(Organisation holder, SealType type, decimal amount, bool unattended) => new()
    {
        SealId = Guid.NewGuid(), SealType = type, OrganisationId = holder.Id, OrganisationPath = holder.Path,
        OrganisationName = holder.Name, Category = "expense", Amount = amount, Unattended = unattended, At = DateTimeOffset.UtcNow,
    };
}
