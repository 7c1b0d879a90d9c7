using Hub.Activities.Organisations;
using Hub.Activities.Organisations.Directory;
using Hub.Workflows.Activities;
using Hub.Workflows.HumanTasks;

namespace Hub.Activities.Tests.Organisations;

/// <summary>
/// Candidate resolution over a small group (the database-backed tree is exercised by the server's workflow tests):
/// <code>
/// /g/        group       hq.admin HqAdmin, hq.finance Finance + Approver
/// /g/e/      subsidiary  east.admin OrgAdmin
/// /g/e/p/    department  east.head Approver; east.buyer (applicant) lives here
/// /g/e/f/    department  east.finance Finance
/// </code>
/// </summary>
public sealed class OrganisationDirectoryTests
{
    private sealed record Person(string Name, Guid Id, string Home);

    private static readonly Person HqAdmin = new("hq.admin", Guid.NewGuid(), "/g/");
    private static readonly Person HqFinance = new("hq.finance", Guid.NewGuid(), "/g/");
    private static readonly Person EastAdmin = new("east.admin", Guid.NewGuid(), "/g/e/");
    private static readonly Person EastHead = new("east.head", Guid.NewGuid(), "/g/e/p/");
    private static readonly Person EastBuyer = new("east.buyer", Guid.NewGuid(), "/g/e/p/");
    private static readonly Person EastFinance = new("east.finance", Guid.NewGuid(), "/g/e/f/");
    private static readonly Person Stranger = new("other.person", Guid.NewGuid(), "/h/");

    /// <summary>The tree as data; what a host's store would read.</summary>
    private sealed class Tree : IOrganisationTree
    {
        private readonly (Guid Id, string Path, OrganisationKind Kind)[] organisations =
        [
            (Guid.NewGuid(), "/g/", OrganisationKind.Group), (Guid.NewGuid(), "/g/e/", OrganisationKind.Subsidiary),
            (Guid.NewGuid(), "/g/e/p/", OrganisationKind.Department), (Guid.NewGuid(), "/g/e/f/", OrganisationKind.Department),
            (Guid.NewGuid(), "/h/", OrganisationKind.Group),
        ];

        private readonly (Person Person, Role Role, string At)[] roles =
        [
            (HqAdmin, Role.HqAdmin, "/g/"), (HqFinance, Role.Finance, "/g/"), (HqFinance, Role.Approver, "/g/"), (EastAdmin, Role.OrgAdmin, "/g/e/"),
            (EastHead, Role.Approver, "/g/e/p/"), (EastFinance, Role.Finance, "/g/e/f/"),
        ];

        private static readonly Person[] People = [HqAdmin, HqFinance, EastAdmin, EastHead, EastBuyer, EastFinance, Stranger];

        public Guid IdOf(string path) => organisations.Single(o => o.Path == path).Id;

        public Task<IReadOnlyList<OrganisationEntry>> GroupAsync(string rootPath, Guid? applicantId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<OrganisationEntry>>([.. organisations.Where(o => o.Path.StartsWith(rootPath, StringComparison.Ordinal))
                .Select(o => new OrganisationEntry(o.Id, o.Path, o.Kind, People.Any(p => p.Id == applicantId && p.Home == o.Path)))]);

        public Task<string?> HomePathAsync(Guid userId, CancellationToken cancellationToken) =>
            Task.FromResult(People.FirstOrDefault(p => p.Id == userId)?.Home);

        public Task<Guid?> FindUserAsync(string idOrName, CancellationToken cancellationToken) =>
            Task.FromResult(People.FirstOrDefault(p => p.Id.ToString() == idOrName || string.Equals(p.Name, idOrName, StringComparison.OrdinalIgnoreCase))?.Id);

        public Task<IReadOnlyList<RoleHolding>> HoldersAsync(IReadOnlyCollection<Role> wanted, string scopePath, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RoleHolding>>([.. roles.Where(r => wanted.Contains(r.Role) && scopePath.StartsWith(r.At, StringComparison.Ordinal))
                .Select(r => new RoleHolding(r.Person.Id, r.At))]);
    }

    private readonly Tree tree = new();

    private TaskScope Scope(string path = "/g/e/p/", Guid? applicant = null) => new(tree.IdOf(path), path, applicant ?? EastBuyer.Id);

    private Task<CandidateResolution> ResolveAsync(TaskScope scope, params ApprovalCandidate[] candidates) =>
        new OrganisationDirectory(tree).ResolveAsync(scope, candidates, CancellationToken.None);

    [Fact]
    public async Task Resolve_DepartmentHeadOfApplicant_IsTheApproverOfTheirDepartment()
    {
        var resolved = await ResolveAsync(Scope(), new ApprovalCandidate("position", "department-head", "applicant"));

        Assert.Equal([EastHead.Id], resolved.People);
        Assert.Empty(resolved.Unresolved);
    }

    [Fact]
    public async Task Resolve_DepartmentWithoutHead_TakesTheNearestLevelAbove()
    {
        // east.finance's department has no Approver; east has none either; the group's is the nearest.
        var resolved = await ResolveAsync(Scope("/g/e/f/", EastFinance.Id), new ApprovalCandidate("position", "department-head", "applicant"));

        Assert.Equal([HqFinance.Id], resolved.People);
    }

    [Fact]
    public async Task Resolve_RoleOverApplicantCompany_IncludesHoldersAboveButNotSiblings()
    {
        var resolved = await ResolveAsync(Scope(), new ApprovalCandidate("role", "finance", "applicant-company"));

        // A role covers its subtree: HQ's Finance covers east; east.finance holds it at a department, which does not cover east.
        Assert.Equal([HqFinance.Id], resolved.People);
    }

    [Fact]
    public async Task Resolve_SomeCandidatesNameNobody_ReportsThemAndKeepsTheOthers()
    {
        var resolved = await ResolveAsync(Scope(),
            new ApprovalCandidate("user", "east.head"), new ApprovalCandidate("user", "committee-member-1"),
            new ApprovalCandidate("role", "legal", "group-hq"), new ApprovalCandidate("role", "Approver", Guid.NewGuid().ToString()));

        Assert.Equal([EastHead.Id], resolved.People);
        Assert.Equal(3, resolved.Unresolved.Count);
        Assert.Equal("user 'committee-member-1' does not exist", resolved.Unresolved[0]);
        Assert.Equal("nobody holds Legal over group-hq (/g/)", resolved.Unresolved[1]);
        Assert.EndsWith("names nothing in this organisation tree", resolved.Unresolved[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_ApplicantOfASystemStartedInstance_Unresolved()
    {
        var resolved = await ResolveAsync(new TaskScope(tree.IdOf("/g/e/"), "/g/e/", null), new ApprovalCandidate("position", "applicant"));

        Assert.Empty(resolved.People);
        Assert.Equal(["the instance has no applicant (a system started it)"], resolved.Unresolved);
    }

    [Fact]
    public async Task Administrators_AreTheNearestAboveTheInstance()
    {
        var directory = new OrganisationDirectory(tree);

        Assert.Equal([EastAdmin.Id], await directory.AdministratorsAsync(Scope(), CancellationToken.None));
        Assert.Equal([HqAdmin.Id], await directory.AdministratorsAsync(Scope("/g/"), CancellationToken.None));
    }

    [Fact]
    public async Task RefuseDelegate_OnlyThePeopleOfTheInstancesLine()
    {
        var directory = new OrganisationDirectory(tree);
        var scope = Scope("/g/e/");

        Assert.Null(await directory.RefuseDelegateAsync(scope, EastHead.Id, CancellationToken.None));
        Assert.Null(await directory.RefuseDelegateAsync(scope, HqAdmin.Id, CancellationToken.None));
        Assert.Equal("The delegate must belong to the instance's organisation, below it or above it.",
            await directory.RefuseDelegateAsync(Scope("/g/e/p/"), EastFinance.Id, CancellationToken.None));
        Assert.Equal("The delegate must belong to the instance's organisation, below it or above it.",
            await directory.RefuseDelegateAsync(scope, Stranger.Id, CancellationToken.None));
        var unknown = Guid.NewGuid();
        Assert.Equal($"No user {unknown}.", await directory.RefuseDelegateAsync(scope, unknown, CancellationToken.None));
    }

    [Theory]
    [InlineData("role", "finance", "applicant-company", null)]
    [InlineData("role", "HqAdmin", null, null)]
    [InlineData("role", "hr", "applicant-company", "role 'hr' is not one of HqAdmin, OrgAdmin, SealCustodian, Legal, Finance, Approver, Applicant")]
    [InlineData("role", "4", null, "role '4' is not one of HqAdmin, OrgAdmin, SealCustodian, Legal, Finance, Approver, Applicant")]
    [InlineData("position", "legal-representative", "applicant-company", "position 'legal-representative' is not one of applicant, department-head")]
    [InlineData("position", "department-head", "applicants-company", "scope 'applicants-company' is not one of organisation, applicant, applicant-company, group-hq nor an organisation id")]
    [InlineData("position", "department-head", "6f9619ff-8b86-d011-b42d-00cf4fc964ff", null)]
    [InlineData("user", "anyone", null, null)]
    public void CandidateRules_RefuseWhatCouldNeverResolve(string kind, string value, string? scope, string? problem)
    {
        Assert.Equal(problem, new CandidateRules().Problem(new ApprovalCandidate(kind, value, scope)));
    }
}
