using System.Security.Cryptography;
using System.Text;
using Hub.Activities.Identifiers;
using Hub.Activities.Organisations;
using Hub.Server.Authentication;
using Hub.Server.Hosting;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Seeding;

/// <summary>
/// On a fresh database, creates a demo group (headquarters, two subsidiaries, their departments, and members in
/// every role) so that a newcomer can sign in at once. Passwords are random per installation, printed once and
/// kept in <c>demo-credentials.txt</c> (0600) in the data directory; nothing is seeded when organisations exist.
/// </summary>
internal sealed class DemoGroupSeeder(HubDbContext db, IPasswordHasher<User> hasher, TimeProvider time,
    HubServerOptions options, ILogger<DemoGroupSeeder> logger)
{
    public const string CredentialsFileName = "demo-credentials.txt";

    /// <summary>Names the seal seeder finds the demo group and its custodians by.</summary>
    public const string GroupName = "华夏控股集团有限公司", EastName = "华东贸易有限公司", SouthName = "华南制造有限公司",
        HqCustodian = "hq.custodian", SouthCustodian = "south.custodian";

    // Seeding nodes serialise on this lock, so two nodes starting on an empty database seed once.
    private const long AdvisoryLockKey = 0x0048_5542_5345_4544;

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        if (await db.Organisations.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        var group = Organisation.CreateGroup(GroupName, Code("91110000MA0000001"), "王建国", now);
        var groupFinance = group.AddChild(OrganisationKind.Department, "集团财务部", null, null, now);
        var groupLegal = group.AddChild(OrganisationKind.Department, "集团法务部", null, null, now);
        var east = group.AddChild(OrganisationKind.Subsidiary, EastName, Code("91310000MA0000002"), "李华", now);
        var eastFinance = east.AddChild(OrganisationKind.Department, "财务部", null, null, now);
        var eastProcurement = east.AddChild(OrganisationKind.Department, "采购部", null, null, now);
        var south = group.AddChild(OrganisationKind.Subsidiary, SouthName, Code("91440300MA0000003"), "陈明", now);
        var southFinance = south.AddChild(OrganisationKind.Department, "财务部", null, null, now);
        var southHr = south.AddChild(OrganisationKind.Department, "人力资源部", null, null, now);
        db.Organisations.AddRange(group, groupFinance, groupLegal, east, eastFinance, eastProcurement, south,
            southFinance, southHr);

        var members = new (string UserName, string DisplayName, Organisation Home, (Role, Organisation)[] Roles)[]
        {
            ("hq.admin", "赵集团管理员", group, [(Role.HqAdmin, group)]),
            ("hq.finance", "钱集团财务", groupFinance, [(Role.Finance, group), (Role.Approver, group)]),
            ("hq.legal", "孙集团法务", groupLegal, [(Role.Legal, group), (Role.Approver, group)]),
            (HqCustodian, "郑集团印章管理员", group, [(Role.SealCustodian, group)]),
            ("east.admin", "周华东管理员", east, [(Role.OrgAdmin, east)]),
            ("east.custodian", "吴华东印章管理员", east, [(Role.SealCustodian, east)]),
            ("east.finance", "郑华东财务", eastFinance, [(Role.Finance, east), (Role.Approver, eastFinance)]),
            ("east.buyer", "冯华东采购", eastProcurement, [(Role.Applicant, eastProcurement)]),
            ("east.head", "陈采购部经理", eastProcurement, [(Role.Approver, eastProcurement), (Role.Applicant, eastProcurement)]),
            ("south.admin", "褚华南管理员", south, [(Role.OrgAdmin, south)]),
            ("south.finance", "卫华南财务", southFinance, [(Role.Finance, south), (Role.Approver, southFinance)]),
            (SouthCustodian, "沈华南印章管理员", south, [(Role.SealCustodian, south)]),
            ("south.hr", "蒋华南人事", southHr, [(Role.Applicant, southHr)]),
        };
        var credentials = new StringBuilder()
            .AppendLine("# Demo group sign-in credentials, generated for this installation. Change or delete them before real use.");
        foreach (var (userName, displayName, home, roles) in members)
        {
            var user = new User(home, userName, displayName, now);
            foreach (var (role, scope) in roles)
            {
                user.Grant(role, scope, now);
            }

            var password = NewPassword();
            db.Users.Add(user);
            db.UserCredentials.Add(new UserCredential(user.Id, hasher.HashPassword(user, password)));
            credentials.AppendLine($"{userName} {password} {string.Join(',', roles.Select(r => $"{r.Item1}@{r.Item2.Name}"))}");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var file = WriteCredentials(credentials.ToString());
        Log.DemoGroupSeeded(logger, group.Name, members.Length);
        // Printed, not logged: logs must never hold passwords, but a newcomer needs them once.
        Console.Out.WriteLine($"Demo group seeded. Sign in at the designer with one of these (also in {file}):");
        Console.Out.WriteLine(credentials.ToString());
    }

    private string WriteCredentials(string text)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var file = Path.GetFullPath(Path.Combine(options.DataDirectory, CredentialsFileName));
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, text);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, file, overwrite: true);
        return file;
    }

    private static string Code(string first17) => first17 + UnifiedSocialCreditCode.CheckCharacter(first17);

    private static string NewPassword()
    {
        // No look-alike characters, so a password read off a terminal is typed right the first time.
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 16);
    }
}
