using Hub.Server.Seals.Stores;
using Npgsql;

namespace Hub.Server.Seals.Use;

/// <summary>
/// The sealing path's figures on the group dashboard: <c>refusals</c> (authorisation and use), and the reviews
/// emergency uses owe — <c>emergencyReviewsOpen</c>, and <c>emergencyReviewsOverdue</c>, past their due time now (those
/// are escalated by the engine when they fall due).
/// </summary>
internal sealed class SealUseDashboardFigures(NpgsqlDataSource db, TimeProvider time) : ISealDashboardFigures
{
    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, long>> CountAsync(SealDashboardScope scope, CancellationToken cancellationToken)
    {
        var refusals = await SealDashboardStore.RefusalsAsync(db, scope, cancellationToken);
        var (open, overdue) = await SealDashboardStore.EmergencyReviewsAsync(db, scope, time.GetUtcNow(), cancellationToken);
        return new Dictionary<string, long>
        {
            ["refusals"] = refusals, ["emergencyReviewsOpen"] = open, ["emergencyReviewsOverdue"] = overdue,
        };
    }
}
