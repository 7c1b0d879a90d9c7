using Hub.Activities.Organisations;
using Hub.Workflows.Activities;

namespace Hub.Server.Workflows;

/// <summary>
/// Resolves an approval's candidates to users when the task is created (docs/workflow-format.md, "Candidates on a
/// host"). Scopes: <c>applicant</c> (the applicant's home organisation), <c>applicant-company</c> (its nearest legal
/// entity), <c>group-hq</c> (the root), <c>organisation</c> or none (the instance's organisation), or an organisation
/// id. A role matches users who hold it over the scope or any organisation above it (a role covers its subtree, as
/// in <c>Caller.Holds</c>). <c>department-head</c> is whoever holds Approver over the scope itself, else the nearest
/// level above with such a holder; <c>applicant</c> is the person who started the instance. When nothing resolves, the administrators (OrgAdmin, HqAdmin) nearest above the
/// instance's organisation decide, so a task never waits for nobody.
/// </summary>
internal static class TaskCandidates
{
    public sealed record Resolution(Guid[] UserIds, bool FellBack);

    public static async Task<Resolution> ResolveAsync(WorkflowTransaction tx, InstanceRecord instance,
        IReadOnlyList<ApprovalCandidate> candidates, CancellationToken cancellationToken)
    {
        var ancestry = await AncestryAsync(tx, instance, cancellationToken);
        var users = new HashSet<Guid>();
        foreach (var candidate in candidates)
        {
            switch (candidate.Kind)
            {
                case "user":
                    await using (var command = tx.Command(
                        "SELECT id FROM hub.users WHERE id::text = $1 OR lower(user_name) = lower($1)", candidate.Value))
                    {
                        if (await command.ExecuteScalarAsync(cancellationToken) is Guid id)
                        {
                            users.Add(id);
                        }
                    }

                    break;
                case "role" when Enum.TryParse<Role>(candidate.Value, ignoreCase: true, out var role)
                                 && Scope(ancestry, candidate.Scope) is { } scopePath:
                    users.UnionWith(await HoldersAsync(tx, [role.ToString()], scopePath, nearestOnly: false, cancellationToken));
                    break;
                case "position" when candidate.Value == "applicant":
                    // The person who started the instance; an instance a system started has none, so its
                    // organisation's administrators take the returned matter (the fallback below).
                    if (instance.ApplicantId is { } applicant)
                    {
                        users.Add(applicant);
                    }

                    break;
                case "position" when candidate.Value == "department-head" && Scope(ancestry, candidate.Scope) is { } headScope:
                    users.UnionWith(await HoldersAsync(tx, [nameof(Role.Approver)], headScope, nearestOnly: true, cancellationToken));
                    break;
            }
        }

        if (users.Count > 0)
        {
            return new Resolution([.. users.Order()], false);
        }

        var admins = await HoldersAsync(tx, [nameof(Role.OrgAdmin), nameof(Role.HqAdmin)], instance.OrganisationPath, nearestOnly: true, cancellationToken);
        return new Resolution([.. admins.Order()], true);
    }

    /// <summary>Administrators nearest above the instance's organisation: who an overdue task escalates to.</summary>
    public static Task<List<Guid>> AdministratorsAsync(WorkflowTransaction tx, string organisationPath, CancellationToken cancellationToken) =>
        HoldersAsync(tx, [nameof(Role.OrgAdmin), nameof(Role.HqAdmin)], organisationPath, nearestOnly: true, cancellationToken);

    private sealed record Ancestry(string InstancePath, string ApplicantPath, string CompanyPath, string RootPath,
        Dictionary<Guid, string> Paths);

    private static string? Scope(Ancestry ancestry, string? scope) => scope switch
    {
        null or "organisation" => ancestry.InstancePath,
        "applicant" => ancestry.ApplicantPath,
        "applicant-company" => ancestry.CompanyPath,
        "group-hq" => ancestry.RootPath,
        _ when Guid.TryParse(scope, out var id) => ancestry.Paths.GetValueOrDefault(id),
        _ => null,
    };

    private static async Task<Ancestry> AncestryAsync(WorkflowTransaction tx, InstanceRecord instance, CancellationToken cancellationToken)
    {
        // Every organisation of the group, by id: a group has tens to hundreds of organisations, not millions. The
        // applicant's home is flagged in the same read; it lies in the instance's group unless the data says otherwise.
        var rootPath = Root(instance.OrganisationPath);
        var (paths, kinds, applicantPath) = await OrganisationsAsync(tx, rootPath, instance.ApplicantId, cancellationToken);
        if (instance.ApplicantId is { } applicant && applicantPath is null)
        {
            await using var home = await tx.PreparedAsync(
                "SELECT o.path FROM hub.users u JOIN hub.organisations o ON o.id = u.organisation_id WHERE u.id = $1", cancellationToken, applicant);
            applicantPath = await home.ExecuteScalarAsync(cancellationToken) as string;
            if (applicantPath is not null && Root(applicantPath) != rootPath)
            {
                rootPath = Root(applicantPath);
                (paths, kinds, _) = await OrganisationsAsync(tx, rootPath, null, cancellationToken);
            }
        }

        applicantPath ??= instance.OrganisationPath;
        var companyPath = applicantPath;
        while (kinds.TryGetValue(companyPath, out var kind) && kind == nameof(OrganisationKind.Department))
        {
            companyPath = companyPath[..(companyPath.LastIndexOf('/', companyPath.Length - 2) + 1)];
        }

        return new Ancestry(instance.OrganisationPath, applicantPath, companyPath, rootPath, paths);
    }

    private static string Root(string path) => path[..(path.IndexOf('/', 1) + 1)];

    private static async Task<(Dictionary<Guid, string> Paths, Dictionary<string, string> Kinds, string? ApplicantPath)> OrganisationsAsync(
        WorkflowTransaction tx, string rootPath, Guid? applicantId, CancellationToken cancellationToken)
    {
        var paths = new Dictionary<Guid, string>();
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        string? applicantPath = null;
        // Guid.Empty names no user; a typed parameter keeps the one prepared statement for both cases.
        await using var all = await tx.PreparedAsync("""
            SELECT id, path, kind, id = (SELECT organisation_id FROM hub.users WHERE id = $2) FROM hub.organisations WHERE path LIKE $1 || '%'
            """, cancellationToken, rootPath, applicantId ?? Guid.Empty);
        await using var reader = await all.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            paths[reader.GetGuid(0)] = reader.GetString(1);
            kinds[reader.GetString(1)] = reader.GetString(2);
            if (!reader.IsDBNull(3) && reader.GetBoolean(3))
            {
                applicantPath = reader.GetString(1);
            }
        }

        return (paths, kinds, applicantPath);
    }

    private static async Task<List<Guid>> HoldersAsync(WorkflowTransaction tx, string[] roles, string scopePath, bool nearestOnly,
        CancellationToken cancellationToken)
    {
        await using var command = await tx.PreparedAsync("""
            SELECT r.user_id, length(o.path) FROM hub.role_assignments r JOIN hub.organisations o ON o.id = r.organisation_id
            WHERE r.role = ANY($1) AND $2 LIKE o.path || '%'
            """, cancellationToken, roles, scopePath);
        var found = new List<(Guid User, int Depth)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add((reader.GetGuid(0), reader.GetInt32(1)));
            }
        }

        if (found.Count == 0)
        {
            return [];
        }

        var nearest = found.Max(f => f.Depth);
        return [.. found.Where(f => !nearestOnly || f.Depth == nearest).Select(f => f.User).Distinct()];
    }
}
