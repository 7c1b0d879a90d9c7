namespace Hub.Trust.Pdf;

/// <summary>A rectangle in default user space units (ISO 32000-1 §7.9.5), normalised so that Left ≤ Right and Bottom ≤ Top.</summary>
/// <param name="Left">Lower-left x.</param>
/// <param name="Bottom">Lower-left y.</param>
/// <param name="Right">Upper-right x.</param>
/// <param name="Top">Upper-right y.</param>
public readonly record struct PdfRectangle(double Left, double Bottom, double Right, double Top)
{
    /// <summary>Width in user space units.</summary>
    public double Width => Right - Left;

    /// <summary>Height in user space units.</summary>
    public double Height => Top - Bottom;

    /// <summary>The rectangle as a PDF array <c>[llx lly urx ury]</c>.</summary>
    internal PdfArray ToArray() => new([new PdfReal(Left), new PdfReal(Bottom), new PdfReal(Right), new PdfReal(Top)]);

    internal static PdfRectangle Normalised(double x1, double y1, double x2, double y2) =>
        new(Math.Min(x1, x2), Math.Min(y1, y2), Math.Max(x1, x2), Math.Max(y1, y2));
}
