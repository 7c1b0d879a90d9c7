using Hub.Trust.Appearances.Png;

namespace Hub.Trust.Tests.Appearances;

/// <summary>The pixels of a rendering that show seal red (over white), for comparing two rasterisers.</summary>
internal sealed class RedMask
{
    private readonly bool[] _red;

    public RedMask(PngImage image, int width, int height)
    {
        Assert.True(image.Width >= width && image.Height >= height, $"The rendering is {image.Width} × {image.Height}; {width} × {height} were expected.");
        Width = width;
        Height = height;
        _red = new bool[width * height];

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // More red than the half-way blend of red ink and white paper: anti-aliased edges count when mostly ink.
                var (r, g, b, _) = image.Pixel(x, y);
                _red[(y * width) + x] = r > 160 && g < 128 && b < 128;
            }
        }
    }

    public int Width { get; }

    public int Height { get; }

    public int Count => _red.Count(r => r);

    public double Share => (double)Count / _red.Length;

    public bool this[int x, int y] => _red[(y * Width) + x];

    /// <summary>
    /// The share of this mask's red pixels that have a red pixel of <paramref name="other"/> within one pixel (the 3 × 3
    /// neighbourhood): geometry that agrees up to where each rasteriser rounds an anti-aliased edge.
    /// </summary>
    public double MatchedWithinOnePixel(RedMask other)
    {
        Assert.Equal((Width, Height), (other.Width, other.Height));
        int red = 0, matched = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (!this[x, y])
                {
                    continue;
                }

                red++;
                var found = false;
                for (var dy = -1; dy <= 1 && !found; dy++)
                {
                    for (var dx = -1; dx <= 1 && !found; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        found = nx >= 0 && ny >= 0 && nx < Width && ny < Height && other[nx, ny];
                    }
                }

                matched += found ? 1 : 0;
            }
        }

        Assert.True(red > 0, "The rendering has no red pixels.");
        return (double)matched / red;
    }

    /// <summary>A picture of the difference, for a person to look at: both red, only here (blue), only in <paramref name="other"/> (green).</summary>
    public byte[] DifferencePng(RedMask other)
    {
        var rgb = new byte[3 * Width * Height];
        for (var i = 0; i < _red.Length; i++)
        {
            (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]) = (_red[i], other._red[i]) switch
            {
                (true, true) => ((byte)255, (byte)0, (byte)0),
                (true, false) => ((byte)0, (byte)0, (byte)255),
                (false, true) => ((byte)0, (byte)160, (byte)0),
                _ => ((byte)255, (byte)255, (byte)255),
            };
        }

        return PngWriter.Write(Width, Height, 2, rgb);
    }

    /// <summary>Intersection over union of the red pixels, within the pixels <paramref name="region"/> selects (all when null).</summary>
    public double IntersectionOverUnion(RedMask other, Func<int, int, bool>? region = null)
    {
        Assert.Equal((Width, Height), (other.Width, other.Height));
        int both = 0, either = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (region is not null && !region(x, y))
                {
                    continue;
                }

                both += this[x, y] && other[x, y] ? 1 : 0;
                either += this[x, y] || other[x, y] ? 1 : 0;
            }
        }

        Assert.True(either > 0, "Neither rendering has red pixels in the compared region.");
        return (double)both / either;
    }
}
