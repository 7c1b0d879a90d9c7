using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// Converts between the page as displayed (origin at the lower-left of the visible box, after <c>/Rotate</c>,
/// ISO 32000-1 §7.7.3.3) and default user space, where widget rectangles live (§12.5.2).
/// </summary>
internal readonly struct PageGeometry
{
    private readonly PdfRectangle _box;

    public PageGeometry(PdfPage page)
    {
        // §14.11.2: CropBox defaults to MediaBox; a page without either gets US Letter, as viewers do.
        _box = page.CropBox ?? page.MediaBox ?? new PdfRectangle(0, 0, 612, 792);
        Rotate = ((page.Rotate % 360) + 360) % 360;
    }

    public int Rotate { get; }

    /// <summary>Width of the page as displayed.</summary>
    public double VisibleWidth => Rotate is 90 or 270 ? _box.Height : _box.Width;

    /// <summary>Height of the page as displayed.</summary>
    public double VisibleHeight => Rotate is 90 or 270 ? _box.Width : _box.Height;

    /// <summary>A displayed rectangle as a user-space rectangle.</summary>
    public PdfRectangle ToUserSpace(PdfRectangle visible)
    {
        var (x1, y1) = ToUserSpace(visible.Left, visible.Bottom);
        var (x2, y2) = ToUserSpace(visible.Right, visible.Top);
        return new PdfRectangle(Math.Min(x1, x2), Math.Min(y1, y2), Math.Max(x1, x2), Math.Max(y1, y2));
    }

    /// <summary>A user-space point as a displayed point.</summary>
    public (double U, double V) ToVisible(double x, double y)
    {
        var (w, h) = (_box.Width, _box.Height);
        var (px, py) = (x - _box.Left, y - _box.Bottom);
        return Rotate switch
        {
            90 => (py, w - px),
            180 => (w - px, h - py),
            270 => (h - py, px),
            _ => (px, py),
        };
    }

    private (double X, double Y) ToUserSpace(double u, double v)
    {
        var (w, h) = (_box.Width, _box.Height);

        // Inverse of ToVisible: /Rotate turns the page clockwise when shown.
        var (px, py) = Rotate switch
        {
            90 => (w - v, u),
            180 => (w - u, h - v),
            270 => (v, h - u),
            _ => (u, v),
        };
        return (px + _box.Left, py + _box.Bottom);
    }
}
