using Hub.Workflows.Activities;
using Hub.Workflows.HumanTasks;

namespace Hub.Activities.Organisations.Directory;

/// <summary>
/// Resolves approval candidates to people over the organisation tree (docs/workflow-format.md, "Candidates on a host").
/// Scopes: <c>applicant</c> (the applicant's home organisation), <c>applicant-company</c> (its nearest legal entity),
/// <c>group-hq</c> (the root), <c>organisation</c> or none (the instance's organisation), or an organisation id. A role
/// matches people who hold it over the scope or any organisation above it (a role covers its subtree).
/// <c>department-head</c> is whoever holds Approver over the scope itself, else the nearest level above with such a
/// holder; <c>applicant</c> is the person who started the instance. A candidate that names nobody is reported as
/// unresolved, never replaced by someone else: what then happens is the definition's choice.
/// </summary>
public sealed class OrganisationDirectory(IOrganisationTree tree) : ITaskDirectory
{
    /// <inheritdoc/>
    public async Task<CandidateResolution> ResolveAsync(TaskScope scope, IReadOnlyList<ApprovalCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(candidates);
        var ancestry = await AncestryAsync(scope, cancellationToken).ConfigureAwait(false);
        var people = new HashSet<Guid>();
        var unresolved = new List<string>();
        foreach (var candidate in candidates)
        {
            var (found, missing) = await ResolveOneAsync(scope, ancestry, candidate, cancellationToken).ConfigureAwait(false);
            people.UnionWith(found);
            if (found.Count == 0)
            {
                unresolved.Add(missing);
            }
        }

        return new CandidateResolution([.. people.Order()], unresolved);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Guid>> AdministratorsAsync(TaskScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return [.. (await NearestAsync([Role.OrgAdmin, Role.HqAdmin], scope.OrganisationPath, cancellationToken).ConfigureAwait(false)).Order()];
    }

    /// <inheritdoc/>
    public async Task<string?> RefuseDelegateAsync(TaskScope scope, Guid person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var home = await tree.HomePathAsync(person, cancellationToken).ConfigureAwait(false);
        if (home is null)
        {
            return $"No user {person}.";
        }

        var inLine = home.StartsWith(scope.OrganisationPath, StringComparison.Ordinal) || scope.OrganisationPath.StartsWith(home, StringComparison.Ordinal);
        return inLine ? null : "The delegate must belong to the instance's organisation, below it or above it.";
    }

    private async Task<(IReadOnlyCollection<Guid> Found, string Missing)> ResolveOneAsync(TaskScope scope, Ancestry ancestry,
        ApprovalCandidate candidate, CancellationToken cancellationToken)
    {
        var scopePath = ancestry.PathOf(candidate.Scope);
        switch (candidate.Kind)
        {
            case "user":
                return await tree.FindUserAsync(candidate.Value, cancellationToken).ConfigureAwait(false) is { } user
                    ? ([user], "")
                    : ([], $"user '{candidate.Value}' does not exist");
            case "role" when Enum.TryParse<Role>(candidate.Value, ignoreCase: true, out var role) && scopePath is not null:
                var holders = await tree.HoldersAsync([role], scopePath, cancellationToken).ConfigureAwait(false);
                return ([.. holders.Select(h => h.UserId).Distinct()], $"nobody holds {role} over {Describe(candidate.Scope)} ({scopePath})");
            case "position" when candidate.Value == "applicant":
                return scope.ApplicantId is { } applicant
                    ? ([applicant], "")
                    : ([], "the instance has no applicant (a system started it)");
            case "position" when candidate.Value == "department-head" && scopePath is not null:
                return (await NearestAsync([Role.Approver], scopePath, cancellationToken).ConfigureAwait(false),
                    $"no department head (Approver) at or above {Describe(candidate.Scope)} ({scopePath})");
            default:
                return ([], $"{candidate.Kind} '{candidate.Value}'" + (candidate.Scope is null ? "" : $" in scope '{candidate.Scope}'") + " names nothing in this organisation tree");
        }
    }

    private static string Describe(string? scope) => scope ?? "organisation";

    private async Task<IReadOnlyCollection<Guid>> NearestAsync(IReadOnlyCollection<Role> roles, string scopePath, CancellationToken cancellationToken)
    {
        var found = await tree.HoldersAsync(roles, scopePath, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            return [];
        }

        var nearest = found.Max(f => f.OrganisationPath.Length);
        return [.. found.Where(f => f.OrganisationPath.Length == nearest).Select(f => f.UserId).Distinct()];
    }

    private sealed record Ancestry(string InstancePath, string ApplicantPath, string CompanyPath, string RootPath, Dictionary<Guid, string> Paths)
    {
        public string? PathOf(string? scope) => scope switch
        {
            null or "organisation" => InstancePath,
            "applicant" => ApplicantPath,
            "applicant-company" => CompanyPath,
            "group-hq" => RootPath,
            _ when Guid.TryParse(scope, out var id) => Paths.GetValueOrDefault(id),
            _ => null,
        };
    }

    private async Task<Ancestry> AncestryAsync(TaskScope scope, CancellationToken cancellationToken)
    {
        // Every organisation of the group, by id: a group has tens to hundreds of organisations, not millions. The
        // applicant's home is flagged in the same read; it lies in the instance's group unless the data says otherwise.
        var rootPath = Root(scope.OrganisationPath);
        var group = await tree.GroupAsync(rootPath, scope.ApplicantId, cancellationToken).ConfigureAwait(false);
        var applicantPath = group.FirstOrDefault(o => o.IsApplicantHome)?.Path;
        if (scope.ApplicantId is { } applicant && applicantPath is null)
        {
            applicantPath = await tree.HomePathAsync(applicant, cancellationToken).ConfigureAwait(false);
            if (applicantPath is not null && Root(applicantPath) != rootPath)
            {
                rootPath = Root(applicantPath);
                group = await tree.GroupAsync(rootPath, null, cancellationToken).ConfigureAwait(false);
            }
        }

        applicantPath ??= scope.OrganisationPath;
        var kinds = group.ToDictionary(o => o.Path, o => o.Kind, StringComparer.Ordinal);
        var companyPath = applicantPath;
        while (kinds.TryGetValue(companyPath, out var kind) && kind == OrganisationKind.Department)
        {
            companyPath = companyPath[..(companyPath.LastIndexOf('/', companyPath.Length - 2) + 1)];
        }

        return new Ancestry(scope.OrganisationPath, applicantPath, companyPath, rootPath, group.ToDictionary(o => o.Id, o => o.Path));
    }

    private static string Root(string path) => path[..(path.IndexOf('/', 1) + 1)];
}
