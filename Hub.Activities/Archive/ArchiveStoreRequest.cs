using System.Security.Cryptography.X509Certificates;

namespace Hub.Activities.Archive;

/// <summary>Who stores a document, for whom, how long it is kept, and which participants may open it with their own key.</summary>
public sealed class ArchiveStoreRequest
{
    /// <summary>The organisation that owns the document (path as in <c>Organisation.Path</c>, e.g. <c>/g/sub/</c>).</summary>
    public required string OwnerPath { get; init; }

    /// <summary>The caller's organisation path; it must contain <see cref="OwnerPath"/>.</summary>
    public required string CallerPath { get; init; }

    /// <summary>The content's media type. Unset: application/pdf.</summary>
    public string MediaType { get; init; } = "application/pdf";

    /// <summary>Deletion is refused before this instant. Unset: now plus <see cref="ArchiveOptions.DefaultRetention"/>.</summary>
    public DateTimeOffset? RetainUntil { get; init; }

    /// <summary>Certificates (RSA) of participants for whom the document key is also wrapped as CMS EnvelopedData, so
    /// each can open the document, or an export of it, with their own private key. Unset: none.</summary>
    public IReadOnlyList<X509Certificate2> Participants { get; init; } = [];
}
