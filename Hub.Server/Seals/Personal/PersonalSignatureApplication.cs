using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Documents.Records;
using Hub.Activities.Evidence.Chain;
using Hub.Activities.Identity.Signing;
using Hub.Server.Evidence;
using Hub.Server.Identity.Persistence;
using Hub.Server.Trust;
using Hub.Trust.Appearances;
using Hub.Trust.Signing;
using Hub.Workflows.Effects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Seals.Personal;

/// <summary>
/// Adds a person's own signature to a document, once. One transaction on the identity context's connection holds it
/// all: the fresh authentication made for exactly these bytes is consumed and the key use recorded
/// (<see cref="PersonalSignatureUnlock"/>), only then is the person's Hub-held key opened and the PDF signed (PAdES B-T
/// with the Hub's TSA, the name seal drawn, an incremental revision so the company seal stays valid), and the effect's
/// result, the signed PDF's record and the evidence act are written before the one commit. A crash before it leaves the
/// authentication unused and nothing recorded; a redelivery
/// after it returns the recorded result: the same signed document, one key use.
/// </summary>
internal sealed class PersonalSignatureApplication(IServiceScopeFactory scopes, HubTrust trust, DocumentRegister documents, Documents.DocumentRecordStore records,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<JsonElement> SignAsync(Effect effect, CancellationToken cancellationToken)
    {
        var ask = effect.Payload.Deserialize<SignPayload>(Json) ?? throw new ArgumentException("The personal-signature payload is empty.");
        await using var scope = scopes.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var transaction = await identity.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)identity.Database.GetDbConnection();
        var npgsql = (NpgsqlTransaction)transaction.GetDbTransaction();
        if (await PersonalSignatureStore.ResultOfAsync(connection, npgsql, effect.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        if (await Use.SealUseRefusalStore.FindAsync(connection, npgsql, effect.IdempotencyKey, cancellationToken) is { } refusedBefore)
        {
            return refusedBefore;
        }

        // A flow signs only documents of its own organisation's subtree that the Hub holds a record of.
        var (source, document) = await documents.ReadAsync(effect.Owner, ask.DocumentId, cancellationToken);
        var digest = SHA256.HashData(document);
        if (!string.Equals(Convert.ToHexStringLower(digest), ask.DocumentId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The stored document {ask.DocumentId} does not match its hash.");
        }

        var unlocked = await scope.ServiceProvider.GetRequiredService<PersonalSignatureUnlock>()
            .UnlockAsync(effect.Owner, ask.PersonId, ask.AuthenticationId, digest, Guid.Empty, cancellationToken);
        var now = time.GetUtcNow();
        var signed = await SignPdfAsync(document, unlocked, ask, cancellationToken);
        var signedId = Convert.ToHexStringLower(SHA256.HashData(signed));
        // Kept in this transaction: a crash before the commit leaves no signed copy behind that the register would list.
        await records.KeepAsync(connection, npgsql, documents.SealedRecord(source, signed, effect.InstanceId, effect.NodeId), signed, cancellationToken);
        var result = JsonSerializer.SerializeToElement(new
        {
            succeeded = true, documentId = signedId, sourceDocumentId = ask.DocumentId, personId = unlocked.PersonId,
            certificateSerial = unlocked.Certificate.SerialNumber, signingKeyUseId = unlocked.Use.Id, authenticationId = ask.AuthenticationId, signedAt = now,
        }, Json);
        await PersonalSignatureStore.RecordAsync(connection, npgsql, new PersonalSignatureStore.Entry(effect.IdempotencyKey, effect.InstanceId, effect.NodeId,
            unlocked.PersonId, unlocked.Use.Id, ask.DocumentId, signedId, result, now), cancellationToken);
        // The act names the signer by pseudonymous id and certificate only, never by name.
        await EvidenceLogStore.AppendAsync(connection, npgsql, new EvidenceAct(EvidenceKinds.PersonalSignature, unlocked.OrganisationPath, null,
            $"document:{signedId}", JsonSerializer.SerializeToElement(new
            {
                personId = unlocked.PersonId, certificateSerial = unlocked.Certificate.SerialNumber, signingKeyUseId = unlocked.Use.Id,
                authenticationId = ask.AuthenticationId, method = unlocked.Use.Method.ToString(), instanceId = effect.InstanceId, nodeId = effect.NodeId,
                documentBefore = ask.DocumentId, documentAfter = signedId,
            }, Json)), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<byte[]> SignPdfAsync(byte[] document, UnlockedPersonalKey unlocked, SignPayload ask, CancellationToken cancellationToken)
    {
        var chain = await trust.EnsureAuthorityAsync(cancellationToken);
        var issued = await trust.Authority.GetCertificateAsync(unlocked.Certificate.SerialNumber, cancellationToken);
        // Opened only now: the authentication that unlocks it is consumed in this transaction.
        using var key = await trust.Keys.OpenSigningKeyAsync(unlocked.Certificate.KeyId ?? issued.SigningKeyId, cancellationToken);
        var appearance = NameSeal(unlocked.SignerName);
        var request = new PdfSealRequest
        {
            Certificate = issued.Certificate, PrivateKey = key, Chain = issued.Chain.Count > 0 ? issued.Chain : [chain.Issuing, chain.Root],
            Level = PadesLevel.BaselineT, Appearance = appearance,
            Placement = appearance is null ? SealPlacement.Invisible : SealPlacement.AtKeyword(ask.Keyword, ask.Page - 1),
            Reason = ask.Reason ?? "本人签署 Signed by the person", FieldName = $"Signature-{unlocked.Use.Id:N}",
        };
        using var output = new MemoryStream();
        await new PdfSigner(await trust.TimeStamperAsync(cancellationToken), time).SealAsync(document, output, request, cancellationToken);
        return output.ToArray();
    }

    /// <summary>The person's square name seal (个人名章); none for a name the drawing cannot hold (it takes 2 to 4
    /// characters), and the signature is then invisible rather than refused.</summary>
    private static SealAppearance? NameSeal(string name)
    {
        try
        {
            return SealAppearances.Render(new SealDescription(SealKind.Personal, "") { SealName = name });
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private sealed record SignPayload(string DocumentId, Guid PersonId, Guid AuthenticationId, string Keyword, int Page, string? Reason);
}
