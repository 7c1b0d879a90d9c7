using System.Runtime.CompilerServices;
using Hub.Activities.Organisations;
using Hub.Server.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hub.Server.Authorisation;

/// <summary>
/// Evicts <see cref="CallerCache"/> entries when this node saves a change to what they were read from: credentials
/// (password, lockout, security stamp), role assignments, users, API keys and organisations. It evicts before the
/// save, and again after it, because a request that read the old rows while the save was committing could have
/// stored them in between. Every endpoint writes these tables through EF Core, so no endpoint has to remember to
/// evict.
/// </summary>
internal sealed class CallerCacheEviction(CallerCache cache) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Affected> pending = [];

    private sealed record Affected(HashSet<Guid> Users, List<(Guid RowId, string KeyId)> Keys, bool Everyone);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => After(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    private void Before(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var affected = Collect(context.ChangeTracker);
        if (affected is null)
        {
            return;
        }

        pending.AddOrUpdate(context, affected);
        Evict(affected);
    }

    private void After(DbContext? context)
    {
        if (context is not null && pending.TryGetValue(context, out var affected))
        {
            pending.Remove(context);
            Evict(affected);
        }
    }

    private void Evict(Affected affected)
    {
        if (affected.Everyone)
        {
            cache.EvictAll();
            return;
        }

        foreach (var user in affected.Users)
        {
            cache.EvictUser(user);
        }

        foreach (var (rowId, keyId) in affected.Keys)
        {
            cache.EvictApiKey(rowId, keyId);
        }
    }

    private static Affected? Collect(ChangeTracker tracker)
    {
        HashSet<Guid> users = [];
        List<(Guid, string)> keys = [];
        var everyone = false;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case UserCredential credential:
                    users.Add(credential.UserId);
                    break;
                case RoleAssignment assignment:
                    users.Add(assignment.UserId);
                    break;
                case User user when entry.State != EntityState.Added:
                    users.Add(user.Id);
                    break;
                case ApiKey key when entry.State != EntityState.Added:
                    keys.Add((key.Id, key.KeyId));
                    break;
                case Organisation when entry.State != EntityState.Added:
                    // Callers carry organisation names and paths; a rename or move may touch any of them.
                    everyone = true;
                    break;
            }
        }

        return users.Count == 0 && keys.Count == 0 && !everyone ? null : new Affected(users, keys, everyone);
    }
}
