namespace Hub.Trust.Signing;

/// <summary>The forms a <see cref="SealPlacement"/> takes.</summary>
internal enum SealPlacementKind
{
    Invisible,
    Page,
    Keyword,
    EveryPage,
    AcrossPageEdges,
}
