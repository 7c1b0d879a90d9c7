namespace Hub.Activities.Documents.Records;

/// <summary>How a flow describes a document it generates, for searching and downloading it later.</summary>
/// <param name="FileName">The file name a download carries.</param>
/// <param name="Category">Business category (e.g. <c>contract</c>), or null.</param>
/// <param name="Counterparty">The other party, or null.</param>
/// <param name="Title">The title, or null.</param>
public sealed record DocumentDescription(string FileName, string? Category = null, string? Counterparty = null, string? Title = null);
