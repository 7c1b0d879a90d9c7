namespace Hub.Activities.Seals.Activities;

/// <summary>Where <see cref="ApplySealActivity"/> puts the seal's appearance (DESIGN.md §4).</summary>
public enum SealPlacementChoice
{
    /// <summary>Centred on the first occurrence of a keyword (e.g. 盖章处), searched from a page on.</summary>
    Keyword,

    /// <summary>A rectangle on one page (x, y of the lower-left corner in millimetres from the page's lower-left).</summary>
    Page,

    /// <summary>The same rectangle on every page.</summary>
    EveryPage,

    /// <summary>The paging seal (骑缝章): split across the right edges of all pages.</summary>
    AcrossPageEdges,

    /// <summary>No appearance: a signature only.</summary>
    Invisible,
}

/// <summary>The PAdES baseline level a seal is applied at. B-T (with the Hub's TSA) unless a flow asks for more.</summary>
public enum SealLevel
{
    /// <summary>PAdES B-T: the signature with an RFC 3161 timestamp.</summary>
    BaselineT,

    /// <summary>PAdES B-LT: B-T plus the certificates and CRLs in the document security store.</summary>
    BaselineLT,

    /// <summary>PAdES B-LTA: B-LT plus a document timestamp.</summary>
    BaselineLTA,
}
