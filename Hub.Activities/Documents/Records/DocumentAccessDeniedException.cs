namespace Hub.Activities.Documents.Records;

/// <summary>
/// A flow named a document it may not touch: one whose record's organisation lies outside the flow's organisation
/// subtree, or one the Hub holds no record of. Expected by the business, so the document activities answer it with
/// their Failed outcome rather than a retry.
/// </summary>
public sealed class DocumentAccessDeniedException(string message) : Exception(message);
