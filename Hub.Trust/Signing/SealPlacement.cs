using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// Where a seal's widgets go. Rectangles are in points in the page as displayed: the origin is the lower-left corner
/// of the CropBox (or MediaBox) after the page's <c>/Rotate</c> is applied, so callers never deal with either.
/// </summary>
public sealed class SealPlacement
{
    private SealPlacement(SealPlacementKind kind, int pageIndex, PdfRectangle rectangle, string? keyword)
    {
        Kind = kind;
        PageIndex = pageIndex;
        Rectangle = rectangle;
        Keyword = keyword;
    }

    /// <summary>No widget on any page: the signature has a zero rectangle and no appearance (ISO 32000-1 §12.7.4.5).</summary>
    public static SealPlacement Invisible { get; } = new(SealPlacementKind.Invisible, 0, default, null);

    internal SealPlacementKind Kind { get; }

    internal int PageIndex { get; }

    internal PdfRectangle Rectangle { get; }

    internal string? Keyword { get; }

    /// <summary>One widget at <paramref name="rectangle"/> on page <paramref name="pageIndex"/> (0-based).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The page index is negative or the rectangle is empty.</exception>
    public static SealPlacement OnPage(int pageIndex, PdfRectangle rectangle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        CheckRectangle(rectangle);
        return new SealPlacement(SealPlacementKind.Page, pageIndex, rectangle, null);
    }

    /// <summary>
    /// One widget of the appearance's size centred on the first occurrence of <paramref name="keyword"/> in the page
    /// text, searching from page <paramref name="firstPageIndex"/> on.
    /// </summary>
    /// <exception cref="ArgumentException">The keyword is blank.</exception>
    public static SealPlacement AtKeyword(string keyword, int firstPageIndex = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyword);
        ArgumentOutOfRangeException.ThrowIfNegative(firstPageIndex);
        return new SealPlacement(SealPlacementKind.Keyword, firstPageIndex, default, keyword);
    }

    /// <summary>
    /// One widget per page, all at <paramref name="rectangle"/>. Each page gets its own signature field and signature
    /// in its own revision (the first named as asked, the others with <c>-p2</c>, <c>-p3</c>, … appended), because
    /// pdfsig and mutool do not validate a field whose widgets are kids.
    /// </summary>
    public static SealPlacement EveryPage(PdfRectangle rectangle)
    {
        CheckRectangle(rectangle);
        return new SealPlacement(SealPlacementKind.EveryPage, 0, rectangle, null);
    }

    /// <summary>
    /// The paging seal (骑缝章): the appearance cut into as many vertical strips as there are pages, strip i placed at
    /// the right edge of page i with its lower edge at <paramref name="bottom"/> points, so that the pages fanned out
    /// show the whole seal. As with <see cref="EveryPage"/>, each strip is a signature field and signature of its own.
    /// </summary>
    public static SealPlacement AcrossPageEdges(double bottom)
    {
        if (!double.IsFinite(bottom) || bottom < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bottom), bottom, "The paging seal's lower edge must be a non-negative number of points.");
        }

        return new SealPlacement(SealPlacementKind.AcrossPageEdges, 0, new PdfRectangle(0, bottom, 0, bottom), null);
    }

    private static void CheckRectangle(PdfRectangle rectangle)
    {
        if (!(rectangle.Width > 0 && rectangle.Height > 0 && double.IsFinite(rectangle.Right) && double.IsFinite(rectangle.Top)))
        {
            throw new ArgumentOutOfRangeException(nameof(rectangle), rectangle, "The seal rectangle must have a positive, finite width and height.");
        }
    }
}
