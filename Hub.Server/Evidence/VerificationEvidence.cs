using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Activities.Identity.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Hub.Server.Evidence;

/// <summary>
/// Identity verification results in the evidence chain: saving a context whose changes conclude a verification
/// (verified, refused, failed, locked, expired) enters one act per conclusion in the same transaction. The act names the
/// subject by its pseudonymous id only, with method, level and outcome: never a name, an ID number or a phone number.
/// </summary>
internal static class VerificationEvidence
{
    /// <summary>Saves <paramref name="db"/>'s changes and the acts of the verifications they conclude, in one transaction
    /// (the caller's, when one is open).</summary>
    public static async Task SaveChangesAsync(DbContext db, CancellationToken cancellationToken)
    {
        var concluded = db.ChangeTracker.Entries<IdentityVerification>().Where(Concludes).Select(e => e.Entity).ToList();
        if (concluded.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
            foreach (var verification in concluded)
            {
                var path = await OrganisationPathAsync(connection, transaction, verification.OrganisationId, cancellationToken);
                await EvidenceLogStore.AppendAsync(connection, transaction, Of(verification, path), verification.CompletedAt!.Value, cancellationToken);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The act of a concluded verification.</summary>
    public static EvidenceAct Of(IdentityVerification verification, string organisationPath) =>
        new(EvidenceKinds.Verification, organisationPath, null,
            (verification.SubjectKind == SubjectKind.Person ? "person:" : "enterprise:") + verification.SubjectId.ToString("D"),
            JsonSerializer.SerializeToElement(new
            {
                verificationId = verification.Id,
                subjectId = verification.SubjectId,
                method = verification.Method.ToString(),
                level = verification.Level?.ToString(),
                outcome = verification.Status.ToString(),
                provider = verification.Provider,
                purpose = verification.Purpose,
            }));

    private static bool Concludes(EntityEntry<IdentityVerification> entry) =>
        entry.Entity.Status != VerificationStatus.Pending && entry.State switch
        {
            EntityState.Added => true,
            EntityState.Modified => entry.Property(v => v.Status) is { IsModified: true, OriginalValue: VerificationStatus.Pending },
            _ => false,
        };

    // Verifications live in schema identity; the chain files them under their organisation's path in schema hub.
    private static async Task<string> OrganisationPathAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid organisationId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT path FROM hub.organisations WHERE id = $1", connection, transaction);
        command.Parameters.AddWithValue(organisationId);
        return await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw new InvalidOperationException($"Verification of organisation {organisationId}, which does not exist.");
    }
}
