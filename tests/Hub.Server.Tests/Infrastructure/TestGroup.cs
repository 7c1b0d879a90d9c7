using System.Security.Cryptography;
using Hub.Activities.Identifiers;
using Hub.Activities.Organisations;
using Hub.Server.Authentication;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Identity;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>
/// A group built for a test: headquarters, subsidiaries Alpha and Beta with a department each, and members:
/// <c>hq.admin</c> (HqAdmin), <c>alpha.admin</c> / <c>beta.admin</c> (OrgAdmin of their subsidiary) and
/// <c>alpha.member</c> / <c>beta.member</c> (Applicant in their department). All share <see cref="Password"/>.
/// </summary>
internal sealed class TestGroup
{
    public const string Password = "correct horse battery staple";

    public required Organisation Group { get; init; }
    public required Organisation Alpha { get; init; }
    public required Organisation AlphaDepartment { get; init; }
    public required Organisation Beta { get; init; }
    public required Organisation BetaDepartment { get; init; }
    public required IReadOnlyDictionary<string, User> Users { get; init; }

    public User this[string userName] => Users[userName];

    public static async Task<TestGroup> CreateAsync(HubDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        var group = Organisation.CreateGroup("测试集团", NewCreditCode(), "王测试", now);
        var alpha = group.AddChild(OrganisationKind.Subsidiary, "Alpha 子公司", NewCreditCode(), "李 Alpha", now);
        var alphaDepartment = alpha.AddChild(OrganisationKind.Department, "Alpha 财务部", null, null, now);
        var beta = group.AddChild(OrganisationKind.Subsidiary, "Beta 子公司", NewCreditCode(), "陈 Beta", now);
        var betaDepartment = beta.AddChild(OrganisationKind.Department, "Beta 采购部", null, null, now);
        db.Organisations.AddRange(group, alpha, alphaDepartment, beta, betaDepartment);

        var hasher = new PasswordHasher<User>();
        var users = new Dictionary<string, User>();
        void Add(string name, Organisation home, Role role, Organisation scope)
        {
            var user = new User(home, name, name, now);
            user.Grant(role, scope, now);
            db.Users.Add(user);
            db.UserCredentials.Add(new UserCredential(user.Id, hasher.HashPassword(user, Password)));
            users[name] = user;
        }

        Add("hq.admin", group, Role.HqAdmin, group);
        Add("alpha.admin", alpha, Role.OrgAdmin, alpha);
        Add("alpha.member", alphaDepartment, Role.Applicant, alphaDepartment);
        Add("beta.admin", beta, Role.OrgAdmin, beta);
        Add("beta.member", betaDepartment, Role.Applicant, betaDepartment);
        await db.SaveChangesAsync();
        return new TestGroup
        {
            Group = group, Alpha = alpha, AlphaDepartment = alphaDepartment, Beta = beta,
            BetaDepartment = betaDepartment, Users = users,
        };
    }

    /// <summary>A valid, random unified social credit code (GB 32100 check character computed).</summary>
    public static string NewCreditCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "91" + "310000" + RandomNumberGenerator.GetString(alphabet, 9);
        return first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
    }
}
