using System.Text.Json;
using Hub.Activities.Identity.Activities;
using Hub.Activities.Identity.Verification;
using Hub.Server.Identity.Persistence;
using Hub.Server.Workflows;
using Hub.Workflows.Effects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Identity;

/// <summary>
/// Tells waiting workflow nodes how a person answered: when a verification a node waits for (see
/// <see cref="WorkflowWait"/>) concludes, sends the node's signal through the engine's signal path (the one
/// <c>POST /api/workflow-signals</c> uses), scoped to the waiting instance's organisation. Payloads carry status and
/// ids only (<see cref="IdentityAnswers.Concluded"/>), never personal data, because they land in the instance's
/// variables and journal.
/// </summary>
internal sealed class IdentitySignals(WorkflowEngine engine, NpgsqlDataSource dataSource, TimeProvider time, ILogger<IdentitySignals> logger)
{
    /// <summary>The actor the journal names for these signals.</summary>
    public const string Actor = "identity";

    /// <summary>Signals the node waiting for <paramref name="verification"/>, if one waits and it has concluded.</summary>
    public async Task SignalConcludedAsync(IdentityDbContext db, IdentityVerification verification, CancellationToken cancellationToken)
    {
        if (verification.Status == VerificationStatus.Pending)
        {
            return;
        }

        var wait = await db.WorkflowWaits.SingleOrDefaultAsync(w => w.VerificationId == verification.Id && w.SignalledAt == null, cancellationToken);
        if (wait is null)
        {
            return;
        }

        // Marked first and committed after the signal: a crash between leaves the row unsignalled, never signalled twice
        // for one answer (a second signal would only be buffered, since the bookmark is gone).
        wait.SignalledAt = time.GetUtcNow();
        await SendAsync(wait.OrganisationId, wait.SignalName, wait.CorrelationKey, IdentityAnswers.Concluded(wait.SignalName, verification), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Sends <paramref name="signal"/> to the instances of <paramref name="organisationId"/>'s subtree waiting with
    /// <paramref name="correlationKey"/> (or buffers it, as the engine does, when none waits yet).</summary>
    public async Task SendAsync(Guid organisationId, string signal, string correlationKey, JsonElement payload, CancellationToken cancellationToken)
    {
        string path;
        await using (var command = dataSource.CreateCommand("SELECT path FROM hub.organisations WHERE id = $1"))
        {
            command.Parameters.AddWithValue(organisationId);
            path = await command.ExecuteScalarAsync(cancellationToken) as string
                ?? throw new InvalidOperationException($"No organisation {organisationId}; the waiting instance's organisation was deleted.");
        }

        await SendAsync(new EffectOwner(organisationId, path), signal, correlationKey, payload, cancellationToken);
    }

    /// <summary>Sends <paramref name="signal"/> to the instances of <paramref name="owner"/>'s subtree, whose path is known already.</summary>
    public async Task SendAsync(EffectOwner owner, string signal, string correlationKey, JsonElement payload, CancellationToken cancellationToken)
    {
        var (delivered, _) = await engine.SignalAsync(owner.OrganisationId, owner.OrganisationPath, signal, correlationKey, payload, null, Actor,
            cancellationToken);
        Log.IdentitySignalSent(logger, signal, correlationKey, delivered.Count);
    }
}
