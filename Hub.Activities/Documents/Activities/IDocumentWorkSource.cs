namespace Hub.Activities.Documents.Activities;

/// <summary>Where <see cref="DocumentEffects"/> gets its <see cref="DocumentWork"/>: the host builds it over its
/// converter pool, workspace, archive and platform seal, on first use (the seal certificate is issued then, not at
/// start), and hands the same one out afterwards.</summary>
public interface IDocumentWorkSource
{
    /// <summary>The node's document work.</summary>
    /// <exception cref="Exception">The work cannot be had now (LibreOffice missing, the CA unreachable); the caller
    /// treats it as transient.</exception>
    ValueTask<DocumentWork> OpenAsync(CancellationToken cancellationToken);
}
