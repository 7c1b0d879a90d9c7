namespace Hub.Activities.Archive;

/// <summary>Legal hold, retention-bound deletion and archive key rotation.</summary>
public sealed partial class DocumentArchive
{
    private const string RotationCaller = "(archive key rotation)";

    /// <summary>Places a legal hold: deletion is refused until it is released, whatever the retention.</summary>
    /// <exception cref="InvalidOperationException">A hold is in force already.</exception>
    public async Task<ArchivedDocument> PlaceLegalHoldAsync(string documentId, string callerPath, string reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A legal hold needs a reason (e.g. the case or matter number).", nameof(reason));
        }

        var (manifest, key) = await OpenAsync(documentId, callerPath, null, cancellationToken).ConfigureAwait(false);
        if (manifest.Body.LegalHold is { } hold)
        {
            throw new InvalidOperationException(
                $"Document {DocumentId.Short(documentId)} is under legal hold already since {hold.Since:u} ({hold.Reason}).");
        }

        var updated = ArchiveManifest.Create(manifest.Body with { LegalHold = new LegalHold(time.GetUtcNow(), callerPath, reason) }, key, keys);
        await store.WriteManifestAsync(documentId, updated.Serialize(), cancellationToken).ConfigureAwait(false);
        await RecordAsync(ArchiveAuditAction.HoldPlaced, documentId, callerPath, reason, cancellationToken);
        return Describe(updated);
    }

    /// <summary>Releases the legal hold in force.</summary>
    /// <exception cref="InvalidOperationException">No hold is in force.</exception>
    public async Task<ArchivedDocument> ReleaseLegalHoldAsync(string documentId, string callerPath, CancellationToken cancellationToken)
    {
        var (manifest, key) = await OpenAsync(documentId, callerPath, null, cancellationToken).ConfigureAwait(false);
        if (manifest.Body.LegalHold is null)
        {
            throw new InvalidOperationException($"Document {DocumentId.Short(documentId)} is not under legal hold.");
        }

        var updated = ArchiveManifest.Create(manifest.Body with { LegalHold = null }, key, keys);
        await store.WriteManifestAsync(documentId, updated.Serialize(), cancellationToken).ConfigureAwait(false);
        await RecordAsync(ArchiveAuditAction.HoldReleased, documentId, callerPath, manifest.Body.LegalHold.Reason, cancellationToken);
        return Describe(updated);
    }

    /// <summary>Deletes a document whose retention has ended and which is under no legal hold.</summary>
    /// <exception cref="ArchiveDeletionRefusedException">Under legal hold, or retained until later.</exception>
    public async Task DeleteAsync(string documentId, string callerPath, CancellationToken cancellationToken)
    {
        var (manifest, _) = await OpenAsync(documentId, callerPath, null, cancellationToken).ConfigureAwait(false);
        var body = manifest.Body;
        if (body.LegalHold is { } hold)
        {
            await RefuseAsync(documentId, callerPath, new ArchiveDeletionRefusedException(
                $"Document {DocumentId.Short(documentId)} is under legal hold since {hold.Since:u} ({hold.Reason}); deletion refused."), cancellationToken);
        }

        var now = time.GetUtcNow();
        if (now < body.RetainUntil)
        {
            await RefuseAsync(documentId, callerPath, new ArchiveDeletionRefusedException(
                $"Document {DocumentId.Short(documentId)} is retained until {body.RetainUntil:u}; deletion refused."), cancellationToken);
        }

        await store.DeleteAsync(documentId, cancellationToken).ConfigureAwait(false);
        await RecordAsync(ArchiveAuditAction.Deleted, documentId, callerPath, $"retention ended {body.RetainUntil:u}", cancellationToken);
    }

    /// <summary>
    /// Rewraps every document whose key is under an older archive key so that it is under the current one; segments are
    /// untouched. Afterwards the old key may leave the ring. Returns how many documents were rewrapped.
    /// </summary>
    /// <exception cref="ArchiveKeyException">A document's key is under a key the ring no longer holds.</exception>
    public async Task<int> RewrapAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var id in store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false))
        {
            var bytes = await store.ReadManifestAsync(id, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                continue;
            }

            var manifest = ArchiveManifest.Parse(id, bytes);
            if (manifest.Key.KeyId == keys.CurrentKeyId)
            {
                continue;
            }

            var key = manifest.Unwrap(keys);
            var rewrapped = ArchiveManifest.Create(manifest.Body, key, keys);
            await store.WriteManifestAsync(id, rewrapped.Serialize(), cancellationToken).ConfigureAwait(false);
            await RecordAsync(ArchiveAuditAction.Rewrapped, id, RotationCaller, $"from archive key '{manifest.Key.KeyId}' to '{keys.CurrentKeyId}'", cancellationToken);
            count++;
        }

        return count;
    }
}
