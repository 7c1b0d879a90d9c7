namespace Hub.Trust.Appearances.Png;

/// <summary>
/// A decoded image: 8-bit samples, one (grey) or three (RGB) per pixel row by row, and the alpha channel apart,
/// null when every pixel is opaque.
/// </summary>
internal sealed class PngImage(int width, int height, bool isGray, byte[] colour, byte[]? alpha)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public bool IsGray { get; } = isGray;

    public byte[] Colour { get; } = colour;

    public byte[]? Alpha { get; } = alpha;

    /// <summary>The pixel at (<paramref name="x"/>, <paramref name="y"/>) as red, green, blue, alpha.</summary>
    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        var i = (y * Width) + x;
        var a = Alpha?[i] ?? (byte)255;
        return IsGray ? (Colour[i], Colour[i], Colour[i], a) : (Colour[3 * i], Colour[(3 * i) + 1], Colour[(3 * i) + 2], a);
    }
}
