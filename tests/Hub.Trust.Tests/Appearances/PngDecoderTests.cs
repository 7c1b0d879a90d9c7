using System.Buffers.Binary;
using Hub.Trust.Appearances.Png;

namespace Hub.Trust.Tests.Appearances;

public sealed class PngDecoderTests
{
    [Fact]
    public void Decode_Rgba_KeepsColourAndAlpha()
    {
        byte[] samples = [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 10, 20, 30, 255];

        var image = PngDecoder.Decode(PngWriter.Write(2, 2, 6, samples));

        Assert.Equal((2, 2, false), (image.Width, image.Height, image.IsGray));
        Assert.Equal(((byte)255, (byte)0, (byte)0, (byte)255), image.Pixel(0, 0));
        Assert.Equal(((byte)0, (byte)255, (byte)0, (byte)128), image.Pixel(1, 0));
        Assert.Equal(((byte)0, (byte)0, (byte)255, (byte)0), image.Pixel(0, 1));
        Assert.Equal(((byte)10, (byte)20, (byte)30, (byte)255), image.Pixel(1, 1));
    }

    [Fact]
    public void Decode_OpaqueRgb_HasNoAlpha()
    {
        var image = PngDecoder.Decode(PngWriter.Write(1, 1, 2, [1, 2, 3]));

        Assert.Null(image.Alpha);
        Assert.Equal([1, 2, 3], image.Colour);
    }

    [Fact]
    public void Decode_GrayWithAlpha_StaysGray()
    {
        var image = PngDecoder.Decode(PngWriter.Write(2, 1, 4, [200, 0, 50, 255]));

        Assert.True(image.IsGray);
        Assert.Equal([200, 50], image.Colour);
        Assert.Equal([0, 255], image.Alpha!);
    }

    [Fact]
    public void Decode_GrayWithColourKey_MakesKeyedPixelsTransparent()
    {
        var image = PngDecoder.Decode(PngWriter.Write(3, 1, 0, [255, 7, 255], transparency: [0, 255]));

        Assert.Equal([0, 255, 0], image.Alpha!);
    }

    [Fact]
    public void Decode_PaletteWithTransparency_ExpandsEntries()
    {
        byte[] palette = [255, 255, 255, 230, 0, 18];
        var image = PngDecoder.Decode(PngWriter.Write(3, 1, 3, [1, 0, 1], palette, transparency: [0]));

        Assert.Equal([230, 0, 18, 255, 255, 255, 230, 0, 18], image.Colour);
        Assert.Equal([255, 0, 255], image.Alpha!);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Decode_FilteredRows_Reconstruct(byte filter)
    {
        // Three rows of RGB gradients, each row filtered with the same type (ISO/IEC 15948 §9.2).
        const int width = 5, height = 3, bpp = 3;
        var samples = Enumerable.Range(0, width * height * bpp).Select(i => (byte)((i * 37) + (i / 7 * 11))).ToArray();
        var raw = new List<byte>();
        for (var y = 0; y < height; y++)
        {
            raw.Add(filter);
            for (var i = 0; i < width * bpp; i++)
            {
                int at = (y * width * bpp) + i;
                int left = i >= bpp ? samples[at - bpp] : 0, up = y > 0 ? samples[at - (width * bpp)] : 0, upLeft = i >= bpp && y > 0 ? samples[at - (width * bpp) - bpp] : 0;
                var p = left + up - upLeft;
                var paeth = Math.Abs(p - left) <= Math.Abs(p - up) && Math.Abs(p - left) <= Math.Abs(p - upLeft) ? left : Math.Abs(p - up) <= Math.Abs(p - upLeft) ? up : upLeft;
                var predictor = filter switch { 1 => left, 2 => up, 3 => (left + up) / 2, _ => paeth };
                raw.Add((byte)(samples[at] - predictor));
            }
        }

        var png = PngWriter.Assemble(PngWriter.Header(width, height, colourType: 2), null, null, PngWriter.Deflate([.. raw]));

        Assert.Equal(samples, PngDecoder.Decode(png).Colour);
    }

    public static TheoryData<string, byte[]> Hostile => new()
    {
        { "The image is not a PNG: the 8-byte PNG signature is missing.", "GIF89a.........."u8.ToArray() },
        { "The PNG chunk 'IHDR' at byte 8 fails its CRC check.", Damage(PngWriter.Write(1, 1, 2, [1, 2, 3]), 29) },
        { "The PNG is 100000 × 100000 pixels; at most 16384 a side and 16777216 pixels are accepted.", PngWriter.Assemble(PngWriter.Header(100_000, 100_000), null, null, PngWriter.Deflate([0])) },
        { "The PNG is 16000 × 16000 pixels; at most 16384 a side and 16777216 pixels are accepted.", PngWriter.Assemble(PngWriter.Header(16_000, 16_000), null, null, PngWriter.Deflate([0])) },
        { "The PNG image data inflates beyond the 4 bytes its header needs.", PngWriter.Assemble(PngWriter.Header(1, 1, colourType: 2), null, null, PngWriter.Deflate(new byte[10_000_000])) },
        { "The PNG image data inflates to 4 bytes; the header needs 8.", PngWriter.Assemble(PngWriter.Header(1, 2, colourType: 2), null, null, PngWriter.Deflate([0, 1, 2, 3])) },
        { "The PNG has bit depth 16; only 8-bit images are accepted.", PngWriter.Assemble(PngWriter.Header(1, 1, bitDepth: 16), null, null, PngWriter.Deflate(new byte[9])) },
        { "The PNG is interlaced (Adam7); only non-interlaced images are accepted.", PngWriter.Write(1, 1, 2, [1, 2, 3], interlace: 1) },
        { "The PNG colour type 5 does not exist.", PngWriter.Assemble(PngWriter.Header(1, 1, colourType: 5), null, null, PngWriter.Deflate([0, 0])) },
        { "The PNG is palette-based but has no PLTE chunk.", PngWriter.Write(1, 1, 3, [0]) },
        { "The PNG pixel (0, 0) uses palette entry 9; the palette has 1.", PngWriter.Write(1, 1, 3, [9], palette: [1, 2, 3]) },
        { "The PNG row 0 uses filter type 9; only 0 to 4 exist.", PngWriter.Assemble(PngWriter.Header(1, 1, colourType: 2), null, null, PngWriter.Deflate([9, 1, 2, 3])) },
        { "The PNG ends at byte 57 without an IEND chunk.", PngWriter.Write(1, 1, 2, [1, 2, 3])[..^12] },
        { "The PNG chunk at byte 8 declares 4294967295 bytes, more than the file holds.", Overwrite(PngWriter.Write(1, 1, 2, [1, 2, 3]), 8, 0xFFFFFFFF) },
        { "The PNG has the critical chunk 'ABCD', which this decoder does not know.", WithChunk(PngWriter.Write(1, 1, 2, [1, 2, 3]), "ABCD") },
        { "The PNG starts with chunk 'IDAT'; IHDR must come first.", StartingWith("IDAT") },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Decode_HostileOrUnsupportedPng_IsRefusedWithTheReason(string message, byte[] png)
    {
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Decode_CorruptZlib_IsRefusedAsInvalidImageData()
    {
        var png = PngWriter.Assemble(PngWriter.Header(1, 1, colourType: 2), null, null, [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF]);

        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png));
        Assert.StartsWith("The PNG image data is not a valid zlib stream: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_AncillaryChunkUnknown_IsSkipped()
    {
        var image = PngDecoder.Decode(WithChunk(PngWriter.Write(1, 1, 2, [1, 2, 3]), "teXt"));

        Assert.Equal([1, 2, 3], image.Colour);
    }

    private static byte[] Damage(byte[] png, int at)
    {
        png[at] ^= 0xFF;
        return png;
    }

    private static byte[] Overwrite(byte[] png, int at, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at), value);
        return png;
    }

    /// <summary>Inserts a chunk of <paramref name="type"/> right after IHDR (8 + 25 bytes).</summary>
    private static byte[] WithChunk(byte[] png, string type)
    {
        var chunk = new MemoryStream();
        PngWriter.Chunk(chunk, type, [1, 2, 3]);
        return [.. png[..33], .. chunk.ToArray(), .. png[33..]];
    }

    private static byte[] StartingWith(string type)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        PngWriter.Chunk(png, type, [0]);
        return png.ToArray();
    }
}
