using System.Globalization;
using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// Turns a <see cref="SealPlacement"/> into widget spots on the document's pages, writing the appearance forms they
/// need. A placement spanning pages (every page, paging seal) takes one revision per page, each with one signature
/// field whose single widget is on that page; <see cref="RevisionCount"/> says how many.
/// </summary>
internal static class WidgetLayout
{
    /// <summary>How many signed revisions <paramref name="placement"/> needs: one per page when it spans pages, else one.</summary>
    public static int RevisionCount(PdfReader reader, SealPlacement placement) =>
        placement.Kind is SealPlacementKind.EveryPage or SealPlacementKind.AcrossPageEdges ? Math.Max(1, reader.Pages.Count) : 1;

    /// <summary>The one widget of revision <paramref name="revision"/> (0-based, below <see cref="RevisionCount"/>).</summary>
    public static WidgetSpot Resolve(IncrementalPdfWriter writer, PdfReader reader, SealPlacement placement, SealAppearance? appearance, int revision = 0)
    {
        if (reader.Pages.Count == 0)
        {
            throw new PdfSigningException("The document has no pages, so a seal has nowhere to go.");
        }

        if (placement.Kind == SealPlacementKind.Invisible)
        {
            return new WidgetSpot(reader.Pages[0], new PdfRectangle(0, 0, 0, 0), null);
        }

        if (appearance is null)
        {
            throw new PdfSigningException("A visible seal placement needs an appearance; give one, or place the seal invisibly.");
        }

        var forms = new AppearanceObjects(writer, appearance);
        switch (placement.Kind)
        {
            case SealPlacementKind.Page:
                var page = Page(reader, placement.PageIndex);
                var geometry = new PageGeometry(page);
                return new WidgetSpot(page, geometry.ToUserSpace(placement.Rectangle), forms.Widget(geometry.Rotate));

            case SealPlacementKind.EveryPage:
            {
                var p = Page(reader, revision);
                var g = new PageGeometry(p);
                return new WidgetSpot(p, g.ToUserSpace(placement.Rectangle), forms.Widget(g.Rotate));
            }

            case SealPlacementKind.AcrossPageEdges:
            {
                var count = reader.Pages.Count;
                var strip = appearance.Width / count;
                var p = Page(reader, revision);
                var g = new PageGeometry(p);
                var visible = new PdfRectangle(g.VisibleWidth - strip, placement.Rectangle.Bottom, g.VisibleWidth, placement.Rectangle.Bottom + appearance.Height);
                return new WidgetSpot(p, g.ToUserSpace(visible), forms.Widget(g.Rotate, revision, count));
            }

            case SealPlacementKind.Keyword:
                for (var index = placement.PageIndex; index < reader.Pages.Count; index++)
                {
                    var candidate = reader.Pages[index];
                    if (PageText.Find(reader, candidate, placement.Keyword!) is { } point)
                    {
                        var g = new PageGeometry(candidate);
                        var (u, v) = g.ToVisible(point.X, point.Y);
                        var visible = new PdfRectangle(u - (appearance.Width / 2), v - (appearance.Height / 2), u + (appearance.Width / 2), v + (appearance.Height / 2));
                        return new WidgetSpot(candidate, g.ToUserSpace(visible), forms.Widget(g.Rotate));
                    }
                }

                throw new PdfSigningException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The keyword '{placement.Keyword}' was not found in the text of pages {placement.PageIndex + 1} to {reader.Pages.Count}."));

            default:
                throw new ArgumentOutOfRangeException(nameof(placement), placement.Kind, "Unknown seal placement.");
        }
    }

    private static PdfPage Page(PdfReader reader, int index) =>
        index < reader.Pages.Count
            ? reader.Pages[index]
            : throw new PdfSigningException(string.Create(CultureInfo.InvariantCulture, $"Page {index + 1} does not exist; the document has {reader.Pages.Count} page(s)."));
}
