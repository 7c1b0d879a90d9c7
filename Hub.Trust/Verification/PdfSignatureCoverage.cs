namespace Hub.Trust.Verification;

/// <summary>How much of the file a signature's byte range covers (ISO 32000-2 §12.8.1, §12.8.3.4.2).</summary>
public enum PdfSignatureCoverage
{
    /// <summary>The byte range does not describe one whole revision: a gap other than <c>/Contents</c>, or a range beyond the file.</summary>
    Broken,

    /// <summary>The range is a whole revision, but what follows it is not a sequence of incremental updates (e.g. appended bytes).</summary>
    UncoveredBytes,

    /// <summary>The range is a whole revision followed only by later incremental updates.</summary>
    FollowedByUpdates,

    /// <summary>The range covers the whole file.</summary>
    WholeFile,
}
