using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Hub.Trust.Appearances.Png;

namespace Hub.Trust.Tests.Appearances;

/// <summary>
/// Writes PNG files for tests (ISO/IEC 15948): any colour type at bit depth 8, filter None on every row, and hooks to
/// damage the result the way hostile uploads do.
/// </summary>
internal static class PngWriter
{
    public static byte[] Write(int width, int height, byte colourType, byte[] samples, byte[]? palette = null, byte[]? transparency = null, byte bitDepth = 8, byte interlace = 0)
    {
        var channels = colourType switch { 0 or 3 => 1, 2 => 3, 4 => 2, _ => 4 };
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(samples, y * width * channels, width * channels);
        }

        return Assemble(Header(width, height, bitDepth, colourType, interlace), palette, transparency, Deflate(raw.ToArray()));
    }

    public static byte[] Header(int width, int height, byte bitDepth = 8, byte colourType = 6, byte interlace = 0)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9], header[10], header[11], header[12]) = (bitDepth, colourType, 0, 0, interlace);
        return header;
    }

    public static byte[] Assemble(byte[] header, byte[]? palette, byte[]? transparency, byte[] imageData)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        if (palette is not null)
        {
            Chunk(png, "PLTE", palette);
        }

        if (transparency is not null)
        {
            Chunk(png, "tRNS", transparency);
        }

        Chunk(png, "IDAT", imageData);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    public static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var name = Encoding.ASCII.GetBytes(type);
        png.Write(name);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.Compute(name, data));
        png.Write(number);
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}
