namespace Hub.Trust.Pdf;

/// <summary>Where an object lives (ISO 32000-1 §7.5.4 and Table 18).</summary>
internal enum CrossReferenceEntryKind
{
    Free,
    InFile,
    InObjectStream,
}

/// <summary>
/// One cross-reference entry. For <see cref="CrossReferenceEntryKind.InFile"/>, <see cref="Location"/> is the byte
/// offset and <see cref="Number"/> the generation; for <see cref="CrossReferenceEntryKind.InObjectStream"/>, they are
/// the object stream's number and the index inside it.
/// </summary>
internal readonly record struct CrossReferenceEntry(CrossReferenceEntryKind Kind, long Location, int Number);
