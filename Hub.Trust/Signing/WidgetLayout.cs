using System.Globalization;
using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>Turns a <see cref="SealPlacement"/> into widget spots on the document's pages, writing the appearance forms they need.</summary>
internal static class WidgetLayout
{
    public static IReadOnlyList<WidgetSpot> Resolve(IncrementalPdfWriter writer, PdfReader reader, SealPlacement placement, SealAppearance? appearance)
    {
        if (reader.Pages.Count == 0)
        {
            throw new PdfSigningException("The document has no pages, so a seal has nowhere to go.");
        }

        if (placement.Kind == SealPlacementKind.Invisible)
        {
            return [new WidgetSpot(reader.Pages[0], new PdfRectangle(0, 0, 0, 0), null)];
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
                return [new WidgetSpot(page, geometry.ToUserSpace(placement.Rectangle), forms.Widget(geometry.Rotate))];

            case SealPlacementKind.EveryPage:
                return [.. reader.Pages.Select(p =>
                {
                    var g = new PageGeometry(p);
                    return new WidgetSpot(p, g.ToUserSpace(placement.Rectangle), forms.Widget(g.Rotate));
                })];

            case SealPlacementKind.AcrossPageEdges:
                var count = reader.Pages.Count;
                var strip = appearance.Width / count;
                return [.. reader.Pages.Select((p, i) =>
                {
                    var g = new PageGeometry(p);
                    var visible = new PdfRectangle(g.VisibleWidth - strip, placement.Rectangle.Bottom, g.VisibleWidth, placement.Rectangle.Bottom + appearance.Height);
                    return new WidgetSpot(p, g.ToUserSpace(visible), forms.Widget(g.Rotate, i, count));
                })];

            case SealPlacementKind.Keyword:
                for (var index = placement.PageIndex; index < reader.Pages.Count; index++)
                {
                    var candidate = reader.Pages[index];
                    if (PageText.Find(reader, candidate, placement.Keyword!) is { } point)
                    {
                        var g = new PageGeometry(candidate);
                        var (u, v) = g.ToVisible(point.X, point.Y);
                        var visible = new PdfRectangle(u - (appearance.Width / 2), v - (appearance.Height / 2), u + (appearance.Width / 2), v + (appearance.Height / 2));
                        return [new WidgetSpot(candidate, g.ToUserSpace(visible), forms.Widget(g.Rotate))];
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
