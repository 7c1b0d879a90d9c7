using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Activities;
using Hub.Activities.Seals.Statements;
using Hub.Activities.Seals.Use;
using Hub.Activities.Documents.Records;
using Hub.Server.Documents;
using Hub.Server.Evidence;
using Hub.Server.Seals.Stores;
using Hub.Server.Trust;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Workflows.Effects;
using Npgsql;

namespace Hub.Server.Seals.Use;

/// <summary>
/// Applies a seal under a single-use grant, once. The grant row is locked for the whole use, so concurrent attempts
/// queue and all but the first find it used; the seal is applied, the sealed PDF stored, and then — in one commit — the
/// grant is marked used (with the effect's key and result), the standing grant's use counted, the ledger entry and the
/// evidence act written, and the sealed PDF with its record stored. A crash before that commit leaves the grant unused
/// and no sealed copy behind, and the retry seals afresh; a redelivery after it returns the recorded result. So every
/// approved instance ends with exactly one seal on its document, and the Hub holds no sealed PDF the ledger does not name.
/// </summary>
internal sealed class SealApplication(NpgsqlDataSource db, HubTrust trust, DocumentRegister documents, DocumentRecordStore records, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const double PointsPerMillimetre = 72 / 25.4;

    public async Task<JsonElement> ApplyAsync(Effect effect, CancellationToken cancellationToken)
    {
        var ask = effect.Payload.Deserialize<ApplyPayload>(Json) ?? throw new ArgumentException("The apply payload is empty.");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var use = await LockForUseAsync(connection, transaction, effect, ask.GrantId, ask.DocumentId, SealMedium.Electronic, now, cancellationToken);
        if (use.Outcome is { } done)
        {
            return done;
        }

        var (grant, seal) = (use.Grant!, use.Seal!);
        DocumentRecord source;
        byte[] document;
        try
        {
            // A flow seals only documents of its own organisation's subtree that the Hub holds a record of.
            (source, document) = await documents.ReadAsync(effect.Owner, ask.DocumentId, cancellationToken);
        }
        catch (DocumentAccessDeniedException e)
        {
            var foreign = new Explanation("document-not-permitted", $"拒绝：{e.Message}", $"Refused: {e.Message}", grant.Id);
            return await RefuseAsync(connection, transaction, effect, seal.Id, seal.OrganisationPath, $"seal-use-grant:{grant.Id}", foreign, now, cancellationToken);
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(document)), ask.DocumentId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The stored document {ask.DocumentId} does not match its hash.");
        }

        var sealedPdf = await SealAsync(document, grant, seal, ask, now, cancellationToken);
        var sealedId = Convert.ToHexStringLower(SHA256.HashData(sealedPdf));
        // Kept in the commit of the use (CommitUseAsync commits this transaction): stored on its own, a seal killed before
        // that commit left a validly sealed copy, listed and downloadable, under a grant the retry then used again.
        await records.KeepAsync(connection, transaction, documents.SealedRecord(source, sealedPdf, grant.InstanceId, effect.NodeId), sealedPdf,
            cancellationToken);
        var useId = Guid.CreateVersion7(now);
        var result = JsonSerializer.SerializeToElement(new
        {
            succeeded = true, documentId = sealedId, sourceDocumentId = grant.DocumentSha256, sealUseId = useId, sealId = seal.Id,
            sealName = seal.Name, grantId = grant.Id, sealedAt = now, unattended = grant.Request.Unattended,
        }, Json);
        return await CommitUseAsync(connection, transaction, effect, grant, seal, grant.DocumentSha256, sealedId, useId, grant.Request.RequesterId, null, result, now,
            cancellationToken);
    }

    /// <summary>Consumes a grant for a physical seal and records the custodian's stamping, once, like <see cref="ApplyAsync"/>.</summary>
    public async Task<JsonElement> RecordPhysicalAsync(Effect effect, CancellationToken cancellationToken)
    {
        var ask = effect.Payload.Deserialize<PhysicalPayload>(Json) ?? throw new ArgumentException("The physical-use payload is empty.");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var use = await LockForUseAsync(connection, transaction, effect, ask.GrantId, ask.DocumentId, SealMedium.Physical, now, cancellationToken);
        if (use.Outcome is { } done)
        {
            return done;
        }

        var (grant, seal) = (use.Grant!, use.Seal!);
        var stamper = (await InstanceDecisionReads.ReadAsync(connection, transaction, effect.InstanceId, cancellationToken))
            .LastOrDefault(d => d.Step == ask.StampedBy && d.Decision == "approve");
        if (stamper is null)
        {
            var nobody = new Explanation("no-stamper", $"拒绝：步骤 {ask.StampedBy} 没有人确认盖章", $"Refused: nobody confirmed the stamping at step {ask.StampedBy}",
                grant.Id);
            return await RefuseAsync(connection, transaction, effect, seal.Id, seal.OrganisationPath, $"seal-use-grant:{grant.Id}", nobody, now, cancellationToken);
        }

        var useId = Guid.CreateVersion7(now);
        var result = JsonSerializer.SerializeToElement(new
        {
            succeeded = true, sealUseId = useId, sealId = seal.Id, sealName = seal.Name, grantId = grant.Id, documentId = ask.DocumentId,
            deviceId = seal.DeviceId, stampedBy = stamper.DeciderId, usedAt = now,
        }, Json);
        return await CommitUseAsync(connection, transaction, effect, grant, seal, ask.DocumentId, ask.DocumentId, useId, stamper.DeciderId, ask.Note, result, now,
            cancellationToken);
    }

    /// <summary>
    /// The start every use shares: a delivery refused before gets that refusal; the grant is locked (or the attempt told
    /// to retry); a missing grant, or one this use may not take, is refused and recorded; a redelivery of the use that
    /// consumed it gets its recorded result. Otherwise the locked grant and its seal.
    /// </summary>
    private static async Task<LockedUse> LockForUseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Effect effect, Guid grantId,
        string documentId, SealMedium medium, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await SealUseRefusalStore.FindAsync(connection, transaction, effect.IdempotencyKey, cancellationToken) is { } refusedBefore)
        {
            return new LockedUse(refusedBefore, null, null);
        }

        var stored = await SealUseGrantStore.LockAsync(connection, transaction, grantId, cancellationToken);
        if (stored is null)
        {
            var none = new Explanation("no-grant", "拒绝：没有这个用印授权", "Refused: there is no such seal-use grant");
            return new LockedUse(await RefuseAsync(connection, transaction, effect, null, effect.Owner.OrganisationPath, $"seal-use-grant:{grantId}", none, now,
                cancellationToken), null, null);
        }

        var grant = stored.Grant;
        if (grant.UsedBy == effect.IdempotencyKey && stored.Result is { } earlier)
        {
            return new LockedUse(earlier, null, null);
        }

        var seal = await SealStore.GetAsync(connection, transaction, grant.SealId, cancellationToken)
                   ?? throw new InvalidOperationException($"Seal {grant.SealId} of grant {grant.Id} is gone.");
        return grant.RefuseUse(seal, effect.InstanceId, effect.Owner.OrganisationPath, documentId, effect.IdempotencyKey, now, medium) is { } refused
            ? new LockedUse(await RefuseAsync(connection, transaction, effect, seal.Id, seal.OrganisationPath, $"seal-use-grant:{grant.Id}", refused, now, cancellationToken), null, null)
            : new LockedUse(null, grant, seal);
    }

    /// <summary>Either the use's outcome already (refused, or recorded before), or the locked grant and its seal.</summary>
    private sealed record LockedUse(JsonElement? Outcome, SealUseGrant? Grant, Seal? Seal);

    /// <summary>
    /// The one commit of a use: the standing grant's use counted (or the use refused if it ran out meanwhile), the
    /// single-use grant marked used with the effect's key and result, the ledger entry and the evidence act.
    /// </summary>
    private static async Task<JsonElement> CommitUseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Effect effect, SealUseGrant grant, Seal seal,
        string documentBefore, string documentAfter, Guid useId, Guid? personId, string? note, JsonElement result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (grant.StandingGrantId is { } standing && !await SealGrantStore.TryCountUseAsync(connection, transaction, standing, now, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            // Counted out between authorisation and use: another use took the last one, or it was revoked meanwhile.
            var exhausted = new Explanation("grant-exhausted", $"拒绝：{seal.Name} 的印章授权已撤销或用尽",
                $"Refused: the standing grant for the {seal.Name} is revoked or used up", standing);
            await using var again = await connection.BeginTransactionAsync(cancellationToken);
            return await RefuseAsync(connection, again, effect, seal.Id, seal.OrganisationPath, $"seal-use-grant:{grant.Id}", exhausted, now, cancellationToken);
        }

        if (!await SealUseGrantStore.MarkUsedAsync(connection, transaction, grant.Id, now, effect.IdempotencyKey, documentAfter, result, cancellationToken))
        {
            throw new InvalidOperationException($"Seal-use grant {grant.Id} changed while it was locked.");
        }

        var physical = seal.Medium == SealMedium.Physical;
        await SealLedgerStore.RecordUseAsync(connection, transaction, new SealUseEntry
        {
            Id = useId, SealId = seal.Id, OrganisationPath = seal.OrganisationPath, Medium = seal.Medium,
            PersonId = personId, Unattended = grant.Request.Unattended && !physical, Emergency = grant.Request.Emergency,
            InstanceId = grant.InstanceId, DocumentSha256 = Convert.FromHexString(documentBefore), SealedSha256 = physical ? null : Convert.FromHexString(documentAfter),
            StandingGrantId = grant.StandingGrantId, SingleUseGrantId = grant.Id, Category = grant.Request.Category, Amount = grant.Request.Amount,
            Currency = grant.Request.Currency, Counterparty = grant.Request.Counterparty, UsedAt = now, DeviceId = physical ? seal.DeviceId : null, Note = note,
        }, cancellationToken);
        await EvidenceLogStore.AppendAsync(connection, transaction, new EvidenceAct(EvidenceKinds.Seal, seal.OrganisationPath, personId,
            $"document:{documentAfter}", JsonSerializer.SerializeToElement(new
            {
                sealUseId = useId, sealId = seal.Id, medium = seal.Medium.ToString(), certificateSerial = seal.CertificateSerial, deviceId = seal.DeviceId,
                grantId = grant.Id, standingGrantId = grant.StandingGrantId, instanceId = grant.InstanceId, documentBefore, documentAfter,
                unattended = grant.Request.Unattended && !physical, emergency = grant.Request.Emergency,
            }, Json)), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<byte[]> SealAsync(byte[] document, SealUseGrant grant, Seal seal, ApplyPayload ask, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chain = await trust.EnsureAuthorityAsync(cancellationToken);
        var certificate = await trust.Authority.GetCertificateAsync(seal.CertificateSerial
            ?? throw new InvalidOperationException($"Seal {seal.Id} has no certificate."), cancellationToken);
        var key = await trust.Keys.OpenSigningKeyAsync(certificate.SigningKeyId, cancellationToken);
        // The approval travels in the PDF: the platform signs the statement of what the Hub recorded, the statement is
        // embedded in this seal's update, and its digest is a signed attribute of this seal's CMS.
        var platform = await trust.PlatformSealCertificateAsync(cancellationToken);
        var platformKey = await trust.Keys.OpenSigningKeyAsync(platform.SigningKeyId, cancellationToken);
        var statement = new ApprovalStatement
        {
            InstanceId = grant.InstanceId, DefinitionId = grant.DefinitionId, DefinitionVersion = grant.DefinitionVersion,
            OrganisationId = seal.OrganisationId, OrganisationPath = seal.OrganisationPath, OrganisationName = seal.OrganisationName,
            DocumentSha256 = grant.DocumentSha256, SealId = seal.Id, SealType = seal.Type, SealName = seal.Name,
            CertificateSerial = certificate.SerialNumber, Decisions = grant.Decisions, GrantId = grant.Id, GrantExpiresAt = grant.ExpiresAt,
            StandingGrantId = grant.StandingGrantId, PolicyRuleIds = grant.RuleIds, PolicyExplanation = grant.Explanations,
            Unattended = grant.Request.Unattended, Emergency = grant.Request.Emergency, IssuedAt = now,
        };
        var prepared = ApprovalStatements.Prepare(statement, platform.Certificate, platformKey, [chain.Issuing, chain.Root]);
        var level = ask.Level switch
        {
            nameof(SealLevel.BaselineLT) => PadesLevel.BaselineLT,
            nameof(SealLevel.BaselineLTA) => PadesLevel.BaselineLTA,
            _ => PadesLevel.BaselineT,
        };
        var appearance = ask.Placement == nameof(SealPlacementChoice.Invisible) ? null : await AppearanceAsync(seal, cancellationToken);
        var request = new PdfSealRequest
        {
            Certificate = certificate.Certificate, PrivateKey = key,
            Chain = certificate.Chain.Count > 0 ? certificate.Chain : [chain.Issuing, chain.Root],
            Crls = level >= PadesLevel.BaselineLT ? [await trust.CurrentCrlAsync(cancellationToken)] : [],
            Level = level, Placement = Placement(ask, appearance), Appearance = appearance,
            Reason = ask.Reason ?? $"{seal.Type.Chinese()} 用印（审批 {grant.InstanceId}）", FieldName = $"Seal-{grant.Id:N}",
            ExtraSignedAttributes = [prepared.SignedAttribute], Attachments = [prepared.Attachment],
        };
        using var output = new MemoryStream();
        var signer = new PdfSigner(await trust.TimeStamperAsync(cancellationToken), time);
        await signer.SealAsync(document, output, request, cancellationToken);
        return output.ToArray();
    }

    private async Task<SealAppearance> AppearanceAsync(Seal seal, CancellationToken cancellationToken)
    {
        var holder = await SealStore.HolderAsync(db, seal.Id, cancellationToken) ?? throw new InvalidOperationException($"Seal {seal.Id} has no holder.");
        var drawn = SealDrawings.ForSigning(seal, holder);
        return drawn.Value ?? throw new InvalidOperationException($"Seal {seal.Id} cannot be drawn: {drawn.Refusal?.Message}");
    }

    /// <summary>Where the seal goes; a rectangle given by its lower-left corner takes the appearance's own size (42 mm for
    /// an official seal, 40 mm for contract and finance seals, the uploaded image's).</summary>
    private static SealPlacement Placement(ApplyPayload ask, SealAppearance? appearance)
    {
        var page = ask.Page - 1;
        var (x, y) = (ask.X * PointsPerMillimetre, ask.Y * PointsPerMillimetre);
        var rectangle = new PdfRectangle(x, y, x + (appearance?.Width ?? 0), y + (appearance?.Height ?? 0));
        return ask.Placement switch
        {
            nameof(SealPlacementChoice.Keyword) => SealPlacement.AtKeyword(ask.Keyword, page),
            nameof(SealPlacementChoice.Page) => SealPlacement.OnPage(page, rectangle),
            nameof(SealPlacementChoice.EveryPage) => SealPlacement.EveryPage(rectangle),
            nameof(SealPlacementChoice.AcrossPageEdges) => SealPlacement.AcrossPageEdges(y),
            _ => SealPlacement.Invisible,
        };
    }

    private static async Task<JsonElement> RefuseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Effect effect, Guid? sealId, string path,
        string subject, Explanation refusal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await SealUseRefusals.RecordAsync(connection, transaction, effect, sealId, path, subject, [refusal], now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private sealed record PhysicalPayload(Guid GrantId, string DocumentId, string StampedBy, string? Note);

    private sealed record ApplyPayload(Guid GrantId, string DocumentId, string Placement, string Keyword, int Page, double X, double Y, string Level, string? Reason);
}
