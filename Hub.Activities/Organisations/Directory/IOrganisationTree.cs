namespace Hub.Activities.Organisations.Directory;

/// <summary>The reads <see cref="OrganisationDirectory"/> needs of the organisation tree and its people; the host
/// implements them over its database (in the transaction of the act that asks, so the answer is consistent with it).</summary>
public interface IOrganisationTree
{
    /// <summary>Every organisation whose path starts with <paramref name="rootPath"/>, the home of
    /// <paramref name="applicantId"/> (if it lies there) flagged.</summary>
    Task<IReadOnlyList<OrganisationEntry>> GroupAsync(string rootPath, Guid? applicantId, CancellationToken cancellationToken);

    /// <summary>The path of the organisation <paramref name="userId"/> belongs to; null when there is no such user.</summary>
    Task<string?> HomePathAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The user whose id or (case-insensitive) user name is <paramref name="idOrName"/>; null when none.</summary>
    Task<Guid?> FindUserAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>Everyone holding one of <paramref name="roles"/> over <paramref name="scopePath"/> or an organisation
    /// above it (a role covers its subtree), with the path it is held at.</summary>
    Task<IReadOnlyList<RoleHolding>> HoldersAsync(IReadOnlyCollection<Role> roles, string scopePath, CancellationToken cancellationToken);
}

/// <summary>An organisation of a group as the directory sees it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Path">Its materialised path.</param>
/// <param name="Kind">Group, subsidiary or department.</param>
/// <param name="IsApplicantHome">Whether the applicant asked about belongs to it.</param>
public sealed record OrganisationEntry(Guid Id, string Path, OrganisationKind Kind, bool IsApplicantHome);

/// <summary>A person holding a role at an organisation.</summary>
/// <param name="UserId">The person.</param>
/// <param name="OrganisationPath">Where the role is held; it covers that subtree.</param>
public sealed record RoleHolding(Guid UserId, string OrganisationPath);
