using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Activities.Archive;

/// <summary>Opening documents: manifest authentication, organisation check, segment decryption, audit.</summary>
public sealed partial class DocumentArchive
{
    /// <summary>Reads and authenticates the manifest (by unwrapping the key, or by a participant's envelope), then
    /// checks the caller's organisation against the authenticated owner.</summary>
    private async Task<(ArchiveManifest Manifest, byte[] Key)> OpenAsync(
        string documentId, string callerPath, X509Certificate2? participant, CancellationToken cancellationToken)
    {
        DocumentId.Check(documentId);
        OrganisationScope.Check(callerPath, "caller");
        var bytes = await store.ReadManifestAsync(documentId, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            await RefuseAsync(documentId, callerPath, new ArchiveDocumentNotFoundException($"No document {DocumentId.Short(documentId)} is archived."), cancellationToken);
        }

        ArchiveManifest manifest;
        byte[] key;
        try
        {
            manifest = ArchiveManifest.Parse(documentId, bytes!);
            // Unwrapping authenticates the body, so the owner checked below is the one written at store time. A
            // participant's envelope does not authenticate the body, so the archive key is still required to trust it.
            key = manifest.Unwrap(keys);
            if (participant is not null)
            {
                var thumbprint = ParticipantEnvelopes.Thumbprint(participant);
                var envelope = manifest.Body.Participants.FirstOrDefault(p => p.Thumbprint == thumbprint)
                    ?? throw new ArchiveKeyException($"'{participant.Subject}' is not a participant of document {DocumentId.Short(documentId)}.");
                var participantKey = ParticipantEnvelopes.Open(envelope.Envelope, participant, documentId);
                if (!CryptographicOperations.FixedTimeEquals(participantKey, key))
                {
                    throw new ArchiveIntegrityException($"The envelope of participant '{participant.Subject}' for document {DocumentId.Short(documentId)} holds another key.");
                }

                key = participantKey;
            }
        }
        catch (Exception e) when (e is ArchiveIntegrityException or ArchiveKeyException)
        {
            await RecordAsync(ArchiveAuditAction.Refused, documentId, callerPath, e.Message, cancellationToken);
            throw;
        }

        if (!OrganisationScope.Contains(callerPath, manifest.Body.OwnerPath))
        {
            await RefuseAsync(documentId, callerPath, new ArchiveAccessDeniedException(
                $"Organisation {callerPath} may not open document {DocumentId.Short(documentId)}: it belongs to an organisation outside the caller's subtree."),
                cancellationToken);
        }

        return (manifest, key);
    }

    private async Task<byte[]> DecryptAsync(ArchiveManifest manifest, byte[] key, string callerPath, CancellationToken cancellationToken)
    {
        var body = manifest.Body;
        var id = body.DocumentId;
        var total = body.SegmentCount;
        try
        {
            var present = await store.ListSegmentsAsync(id, cancellationToken).ConfigureAwait(false);
            var extra = present.Where(i => i >= total).ToList();
            if (extra.Count > 0)
            {
                throw new ArchiveIntegrityException(
                    $"Document {DocumentId.Short(id)} has segment {extra[0]} beyond its {total} segment(s): a segment was appended.");
            }

            var content = new byte[body.Size];
            long offset = 0;
            for (var index = 0; index < total; index++)
            {
                var segment = await store.ReadSegmentAsync(id, index, cancellationToken).ConfigureAwait(false)
                    ?? throw new ArchiveIntegrityException($"Segment {index + 1} of {total} of document {DocumentId.Short(id)} is missing.");
                var expected = index < total - 1 ? body.SegmentSize : body.Size - offset;
                if (expected < 0 || expected > body.SegmentSize || segment.Length != expected + SegmentCipher.TagSize
                    || !SegmentCipher.TryOpen(key, id, index, total, segment, content.AsSpan((int)offset, (int)expected)))
                {
                    throw new ArchiveIntegrityException(
                        $"Segment {index + 1} of {total} of document {DocumentId.Short(id)} fails authentication: it was altered, truncated, swapped with another segment or taken from another document.");
                }

                offset += expected;
            }

            if (DocumentId.Of(content) != id)
            {
                throw new ArchiveIntegrityException($"Document {DocumentId.Short(id)} decrypts to content with another SHA-256.");
            }

            return content;
        }
        catch (ArchiveIntegrityException e)
        {
            await RecordAsync(ArchiveAuditAction.Refused, id, callerPath, e.Message, cancellationToken);
            throw;
        }
    }

    private Task RecordAsync(ArchiveAuditAction action, string documentId, string callerPath, string detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(new ArchiveAuditEvent(time.GetUtcNow(), action, documentId, callerPath, detail), cancellationToken);

    /// <summary>Records the refusal, then throws it.</summary>
    private async Task RefuseAsync(string documentId, string callerPath, Exception refusal, CancellationToken cancellationToken)
    {
        await RecordAsync(ArchiveAuditAction.Refused, documentId, callerPath, refusal.Message, cancellationToken);
        throw refusal;
    }
}
