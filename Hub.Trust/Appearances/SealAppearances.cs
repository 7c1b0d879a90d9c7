using Hub.Trust.Appearances.Fonts;
using Hub.Trust.Appearances.Layout;
using Hub.Trust.Appearances.Png;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;

namespace Hub.Trust.Appearances;

/// <summary>
/// Draws seal appearances: standard Chinese company seals as vector paths (the lettering as glyph outlines, so no font
/// is embedded and every viewer shows the same shapes), as a PDF form for the signer or as SVG for the designer; or an
/// uploaded PNG as an image form.
/// </summary>
public static class SealAppearances
{
    /// <summary>The seal as a form for the signer: its bounding box is the seal's standard (or overridden) size in points.</summary>
    /// <param name="description">What the seal shows.</param>
    /// <param name="fontPath">A TrueType font (or collection; its first face is used) with 'glyf' outlines; null for AR PL UMing found on the system.</param>
    /// <exception cref="ArgumentException">The description does not fit its kind (missing name, bad code, too many characters, a character the font lacks).</exception>
    /// <exception cref="FileNotFoundException">The font file does not exist, or no font was given and AR PL UMing is not installed.</exception>
    /// <exception cref="InvalidDataException">The font file is malformed.</exception>
    public static SealAppearance Render(SealDescription description, string? fontPath = null)
    {
        var drawing = SealLayout.Create(description, SealFonts.Load(fontPath)).Drawing;
        return new SealAppearance(drawing.WidthPoints, drawing.HeightPoints, drawing.ToPdfContent(), new PdfDictionary());
    }

    /// <summary>The same seal as a standalone SVG document sized in millimetres, with identical path geometry.</summary>
    /// <inheritdoc cref="Render" path="/param"/>
    /// <inheritdoc cref="Render" path="/exception"/>
    public static string RenderSvg(SealDescription description, string? fontPath = null) =>
        SealLayout.Create(description, SealFonts.Load(fontPath)).Drawing.ToSvg();

    /// <summary>
    /// An uploaded seal image as a form: the PNG becomes a FlateDecode image XObject with its alpha channel as a soft
    /// mask (ISO 32000-1 §11.6.5.3), <paramref name="widthMillimetres"/> wide and as high as the image's aspect ratio gives.
    /// </summary>
    /// <param name="png">A non-interlaced 8-bit PNG: greyscale, RGB, palette, with or without alpha.</param>
    /// <param name="widthMillimetres">The printed width, 10 to 100 mm; 40 mm is a round official seal.</param>
    /// <exception cref="InvalidDataException">The PNG is malformed, hostile (oversized, bad CRC, inflating beyond its size) or of an unsupported kind.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The width is outside 10 to 100 mm.</exception>
    public static SealAppearance FromPng(ReadOnlyMemory<byte> png, double widthMillimetres = 40) =>
        ImageForm.Create(PngDecoder.Decode(png.Span), widthMillimetres);
}
