using System.Text.Json;
using Hub.Activities.Identity;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Use;
using Hub.Server.Seals.Use;
using Hub.Workflows.Effects;
using Npgsql;

namespace Hub.Server.Seals.Personal;

/// <summary>
/// The effect handler of <c>SignAsPerson</c> (<see cref="SealUseKinds.PersonalSignature"/>): see
/// <see cref="PersonalSignatureApplication"/>. A refusal (not this person's authentication, made for another document,
/// used already, locked, a person outside the instance's organisation, a document the flow may not read, a PDF that
/// cannot take the signature) is a final result the flow routes on; database, key store or TSA trouble is transient, so
/// the relay retries and opens a Delivery incident when attempts run out.
/// </summary>
internal sealed class PersonalSignatureEffects(NpgsqlDataSource db, PersonalSignatureApplication application, TimeProvider time) : IEffectHandler
{
    /// <inheritdoc/>
    public IReadOnlyCollection<string> Kinds { get; } = [SealUseKinds.PersonalSignature];

    /// <inheritdoc/>
    public async Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        try
        {
            return EffectResult.Final(await application.SignAsync(effect, cancellationToken));
        }
        catch (IdentityException e) when (e.Failure is IdentityFailure.ConcurrentChange or IdentityFailure.Duplicate)
        {
            // Another delivery of this effect (a lease that expired mid-call) consumed the authentication first (its row
            // version moved, or its key use holds the authentication's unique slot): its result is the answer. Anything
            // else racing for the authentication is refused on the next attempt, which finds it used.
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            return await PersonalSignatureStore.ResultOfAsync(connection, null, effect.IdempotencyKey, cancellationToken) is { } earlier
                ? EffectResult.Final(earlier)
                : EffectResult.Transient(JsonSerializer.SerializeToElement(new { succeeded = false, error = e.Message }), e.Message);
        }
        catch (IdentityException e) when (e.Failure is not (IdentityFailure.ProviderUnavailable or IdentityFailure.RateLimited))
        {
            return EffectResult.Final(await RefuseAsync(effect, new Explanation("signature-refused", $"拒绝签名：{e.Message}", $"Signature refused: {e.Message}"),
                cancellationToken));
        }
        catch (Exception e) when (e is Hub.Trust.Signing.PdfSigningException or Hub.Trust.Pdf.PdfFormatException
                                      or Hub.Activities.Documents.Records.DocumentAccessDeniedException)
        {
            // Retrying will not help (no such keyword, a malformed PDF, a document outside the organisation); nothing was
            // consumed, since the transaction that consumed the authentication rolled back.
            return EffectResult.Final(await RefuseAsync(effect, new Explanation("signature-failed", $"无法签名：{e.Message}",
                $"The signature could not be applied: {e.Message}"), cancellationToken));
        }
        catch (Exception e) when (e is not (ArgumentException or InvalidOperationException) && !cancellationToken.IsCancellationRequested)
        {
            return EffectResult.Transient(JsonSerializer.SerializeToElement(new { succeeded = false, error = e.Message }), e.Message);
        }
    }

    /// <summary>Records the refusal (under the effect's key, with its evidence act; nothing else changed) and answers it; a
    /// redelivery of a refused effect gets the same answer.</summary>
    private async Task<JsonElement> RefuseAsync(Effect effect, Explanation refusal, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await SealUseRefusalStore.FindAsync(connection, transaction, effect.IdempotencyKey, cancellationToken) is { } before)
        {
            return before;
        }

        var result = await SealUseRefusals.RecordAsync(connection, transaction, effect, null, effect.Owner.OrganisationPath, $"instance:{effect.InstanceId}",
            [refusal], time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
