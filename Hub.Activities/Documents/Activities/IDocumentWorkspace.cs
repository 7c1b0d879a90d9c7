using Hub.Activities.Documents.Templates;

namespace Hub.Activities.Documents.Activities;

/// <summary>
/// What the host provides to <see cref="DocumentWork"/>: published templates by name and version, and a place where documents of a
/// running instance are kept by SHA-256 between activities. The engine's activity contract has no way to reach
/// services, so the activities emit outbound messages and the host's relay does the work with this interface.
/// </summary>
public interface IDocumentWorkspace
{
    /// <summary>
    /// The published template <paramref name="reference"/> (<c>name</c> for its latest version, or <c>name@version</c>)
    /// as a flow of the organisation at <paramref name="organisationPath"/> may use it: the platform's templates and
    /// those owned by that organisation or an ancestor.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such template, or none the organisation may use.</exception>
    Task<DocumentTemplate> GetTemplateAsync(string reference, string organisationPath, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="content"/> under its id (lowercase hex SHA-256).</summary>
    Task PutAsync(string documentId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Returns the document kept under <paramref name="documentId"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such document.</exception>
    Task<byte[]> GetAsync(string documentId, CancellationToken cancellationToken);
}
