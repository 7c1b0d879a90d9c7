namespace Hub.Server.Seals;

/// <summary>Whose figures a dashboard shows: the caller's readable subtrees, optionally narrowed, over a time window.</summary>
/// <param name="Roots">The caller's readable roots.</param>
/// <param name="SubtreePath">Only this organisation's subtree, when set.</param>
/// <param name="From">Uses at or after this instant, when set.</param>
/// <param name="Until">Uses before this instant, when set.</param>
internal sealed record SealDashboardScope(IReadOnlyList<string> Roots, string? SubtreePath, DateTimeOffset? From, DateTimeOffset? Until);

/// <summary>Uses of one seal in the window.</summary>
internal sealed record SealFigures(Guid SealId, string SealName, string SealType, string Medium, string Status, Guid OrganisationId, string OrganisationName,
    long Uses, long Unattended, long Emergencies);

/// <summary>Uses of the seals one entity (HQ or a subsidiary) holds, in the window.</summary>
internal sealed record EntityFigures(Guid OrganisationId, string OrganisationName, string OrganisationPath, long Uses, long Emergencies, long FrozenSeals);

/// <summary>
/// Figures other parts of the Hub add to the group dashboard from their own tables (refusals from the sealing path
/// and policy decisions, overdue emergency reviews): each named figure is a count over the same scope. Register an
/// implementation in DI; the dashboard endpoint asks every one and shows what they return under <c>figures</c>.
/// </summary>
internal interface ISealDashboardFigures
{
    /// <summary>Named counts (e.g. <c>refusals</c>, <c>overdueReviews</c>) over <paramref name="scope"/>.</summary>
    Task<IReadOnlyDictionary<string, long>> CountAsync(SealDashboardScope scope, CancellationToken cancellationToken);
}
