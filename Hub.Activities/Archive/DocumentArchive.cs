using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Activities.Archive;

/// <summary>
/// The encrypted archive (docs/archive.md). Each document is addressed by its SHA-256, encrypted with AES-256-GCM under
/// its own random key in fixed-size segments whose order and count are authenticated, and its key is wrapped under the
/// Hub's current archive key and, optionally, for each participant's certificate as CMS EnvelopedData. Every operation
/// takes the caller's organisation path and refuses documents owned outside that subtree; every act and refusal goes
/// to the <see cref="IArchiveAuditSink"/> before the call returns.
/// </summary>
public sealed partial class DocumentArchive
{
    private readonly IArchiveStore store;
    private readonly ArchiveKeyRing keys;
    private readonly IArchiveAuditSink audit;
    private readonly ArchiveOptions options;
    private readonly TimeProvider time;

    /// <summary>Creates the archive over a store, a key ring and an audit sink.</summary>
    public DocumentArchive(IArchiveStore store, ArchiveKeyRing keys, IArchiveAuditSink audit, ArchiveOptions? options = null, TimeProvider? time = null)
    {
        this.store = store;
        this.keys = keys;
        this.audit = audit;
        this.options = options ?? new ArchiveOptions();
        this.options.Validate();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Encrypts and stores <paramref name="content"/>. Storing the same bytes again for the same owner returns
    /// the existing record unchanged.</summary>
    /// <exception cref="ArchiveAccessDeniedException">The caller does not contain the owner, or the same content is
    /// archived for an organisation outside the caller's subtree.</exception>
    /// <exception cref="ArchiveKeyException">A participant certificate has no RSA key.</exception>
    public async Task<ArchivedDocument> StoreAsync(ReadOnlyMemory<byte> content, ArchiveStoreRequest request, CancellationToken cancellationToken)
    {
        var owner = OrganisationScope.Check(request.OwnerPath, "owner");
        var caller = OrganisationScope.Check(request.CallerPath, "caller");
        var id = DocumentId.Of(content.Span);
        if (!OrganisationScope.Contains(caller, owner))
        {
            await RefuseAsync(id, caller, new ArchiveAccessDeniedException(
                $"Organisation {caller} may not archive a document for {owner}: the owner is outside the caller's subtree."), cancellationToken);
        }

        if (content.Length > options.MaxDocumentBytes)
        {
            throw new ArgumentException($"The document has {content.Length} bytes, more than the archive's limit of {options.MaxDocumentBytes}.", nameof(content));
        }

        if (await store.ReadManifestAsync(id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            var manifest = ArchiveManifest.Parse(id, existing);
            manifest.Unwrap(keys);
            if (!OrganisationScope.Contains(caller, manifest.Body.OwnerPath))
            {
                await RefuseAsync(id, caller, new ArchiveAccessDeniedException(
                    $"Document {DocumentId.Short(id)} is archived already for an organisation outside {caller}'s subtree."), cancellationToken);
            }

            await RecordAsync(ArchiveAuditAction.Stored, id, caller, "already archived; unchanged", cancellationToken);
            return Describe(manifest);
        }

        var now = time.GetUtcNow();
        var retainUntil = request.RetainUntil ?? now + options.DefaultRetention;
        var documentKey = RandomNumberGenerator.GetBytes(32);
        var participants = request.Participants
            .Select(p => new ParticipantEnvelope(ParticipantEnvelopes.Thumbprint(p), p.Subject, ParticipantEnvelopes.Seal(documentKey, p)))
            .ToList();
        var total = content.Length == 0 ? 1 : (int)((content.Length + (long)options.SegmentSize - 1) / options.SegmentSize);
        for (var index = 0; index < total; index++)
        {
            var start = (int)Math.Min((long)index * options.SegmentSize, content.Length);
            var length = Math.Min(options.SegmentSize, content.Length - start);
            var segment = SegmentCipher.Seal(documentKey, id, index, total, content.Span.Slice(start, length));
            await store.WriteSegmentAsync(id, index, segment, cancellationToken).ConfigureAwait(false);
        }

        var body = new ManifestBody(ManifestBody.CurrentFormat, id, owner, request.MediaType, content.Length, options.SegmentSize, total,
            now, retainUntil, null, participants);
        var created = ArchiveManifest.Create(body, documentKey, keys);
        // The manifest goes last: until it exists, the document does not.
        await store.WriteManifestAsync(id, created.Serialize(), cancellationToken).ConfigureAwait(false);
        await RecordAsync(ArchiveAuditAction.Stored, id, caller, $"{content.Length} bytes in {total} segment(s) under archive key '{keys.CurrentKeyId}'", cancellationToken);
        return Describe(created);
    }

    /// <summary>Decrypts a document for a caller whose organisation contains its owner, checking every segment and
    /// the SHA-256 of the whole.</summary>
    /// <exception cref="ArchiveDocumentNotFoundException">No such document.</exception>
    /// <exception cref="ArchiveAccessDeniedException">The owner is outside the caller's subtree.</exception>
    /// <exception cref="ArchiveIntegrityException">A segment or the manifest fails authentication, or a segment is
    /// missing or one too many.</exception>
    /// <exception cref="ArchiveKeyException">The document is wrapped under an archive key this ring does not hold.</exception>
    public async Task<byte[]> ReadAsync(string documentId, string callerPath, CancellationToken cancellationToken)
    {
        var (manifest, key) = await OpenAsync(documentId, callerPath, null, cancellationToken).ConfigureAwait(false);
        var content = await DecryptAsync(manifest, key, callerPath, cancellationToken).ConfigureAwait(false);
        await RecordAsync(ArchiveAuditAction.Read, documentId, callerPath, $"{content.Length} bytes", cancellationToken);
        return content;
    }

    /// <summary>Decrypts a document with a participant's own private key instead of the archive key: the document key
    /// comes from the participant's EnvelopedData.</summary>
    /// <exception cref="ArchiveKeyException">The certificate is not a participant of the document, or has no private key.</exception>
    public async Task<byte[]> ReadAsParticipantAsync(string documentId, string callerPath, X509Certificate2 participant, CancellationToken cancellationToken)
    {
        var (manifest, key) = await OpenAsync(documentId, callerPath, participant, cancellationToken).ConfigureAwait(false);
        var content = await DecryptAsync(manifest, key, callerPath, cancellationToken).ConfigureAwait(false);
        await RecordAsync(ArchiveAuditAction.Read, documentId, callerPath, $"{content.Length} bytes with the key of participant {participant.Subject}", cancellationToken);
        return content;
    }

    /// <summary>
    /// Exports a document as CMS EnvelopedData (DER) for one of its participants: the participant opens it with their
    /// own private key, e.g. <c>openssl cms -decrypt -inform DER -in export.p7m -recip cert.pem -inkey key.pem</c>.
    /// </summary>
    /// <exception cref="ArchiveKeyException">The certificate is not among the document's participants.</exception>
    public async Task<byte[]> ExportForParticipantAsync(string documentId, string callerPath, X509Certificate2 participant, CancellationToken cancellationToken)
    {
        var (manifest, key) = await OpenAsync(documentId, callerPath, null, cancellationToken).ConfigureAwait(false);
        var thumbprint = ParticipantEnvelopes.Thumbprint(participant);
        if (manifest.Body.Participants.All(p => p.Thumbprint != thumbprint))
        {
            await RefuseAsync(documentId, callerPath, new ArchiveKeyException(
                $"'{participant.Subject}' is not a participant of document {DocumentId.Short(documentId)}; exports go only to participants named when it was stored."),
                cancellationToken);
        }

        var content = await DecryptAsync(manifest, key, callerPath, cancellationToken).ConfigureAwait(false);
        var export = ParticipantEnvelopes.Seal(content, participant);
        await RecordAsync(ArchiveAuditAction.Exported, documentId, callerPath, $"for participant {participant.Subject}", cancellationToken);
        return export;
    }

    /// <summary>Describes a document (no content) after authenticating its manifest.</summary>
    public async Task<ArchivedDocument> DescribeAsync(string documentId, string callerPath, CancellationToken cancellationToken)
    {
        var (manifest, _) = await OpenAsync(documentId, callerPath, null, cancellationToken).ConfigureAwait(false);
        return Describe(manifest);
    }

    private static ArchivedDocument Describe(ArchiveManifest manifest)
    {
        var b = manifest.Body;
        return new ArchivedDocument(b.DocumentId, b.OwnerPath, b.MediaType, b.Size, b.SegmentCount, b.StoredAt, b.RetainUntil,
            b.LegalHold?.Reason, manifest.Key.KeyId, [.. b.Participants.Select(p => p.Thumbprint)]);
    }
}
