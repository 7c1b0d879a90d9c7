using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Hub.Trust.Appearances.Png;

/// <summary>
/// Decodes the PNG subset seal uploads need (ISO/IEC 15948:2004): non-interlaced, bit depth 8, greyscale, RGB,
/// palette, greyscale with alpha and RGBA, with <c>tRNS</c> transparency. Uploads are untrusted, so every length is
/// checked, every CRC verified and the image data inflated to exactly the size the header implies and no further.
/// </summary>
internal static class PngDecoder
{
    /// <summary>16 megapixels: a 40 mm seal at 1200 dpi needs 3.6; anything far beyond is an attack on memory.</summary>
    public const int DefaultMaxPixels = 16 * 1024 * 1024;

    private const int MaxDimension = 16_384;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngImage Decode(ReadOnlySpan<byte> data, int maxPixels = DefaultMaxPixels)
    {
        if (data.Length < Signature.Length || !data[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidDataException("The image is not a PNG: the 8-byte PNG signature is missing.");
        }

        var header = default(Header?);
        byte[]? palette = null;
        byte[]? transparency = null;
        using var compressed = new MemoryStream();
        var at = Signature.Length;
        var ended = false;
        while (!ended)
        {
            if (data.Length - at < 12)
            {
                throw new InvalidDataException($"The PNG ends at byte {data.Length} without an IEND chunk.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            if (length > int.MaxValue || length > data.Length - at - 12)
            {
                throw new InvalidDataException($"The PNG chunk at byte {at} declares {length} bytes, more than the file holds.");
            }

            var type = data.Slice(at + 4, 4);
            var body = data.Slice(at + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data[(at + 8 + (int)length)..]);
            var name = Encoding.ASCII.GetString(type);
            if (Crc32.Compute(type, body) != crc)
            {
                throw new InvalidDataException($"The PNG chunk '{name}' at byte {at} fails its CRC check.");
            }

            at += 12 + (int)length;
            if (header is null && name != "IHDR")
            {
                throw new InvalidDataException($"The PNG starts with chunk '{name}'; IHDR must come first.");
            }

            switch (name)
            {
                case "IHDR" when header is null:
                    header = Header.Read(body, maxPixels);
                    break;
                case "PLTE":
                    if (length == 0 || length % 3 != 0 || length > 768)
                    {
                        throw new InvalidDataException($"The PNG palette holds {length} bytes; it must be 1 to 256 RGB entries.");
                    }

                    palette = body.ToArray();
                    break;
                case "tRNS":
                    transparency = body.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(body);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    // Bit 5 of the first byte clear marks a critical chunk, which a decoder must not skip (§5.4).
                    if ((type[0] & 0x20) == 0)
                    {
                        throw new InvalidDataException($"The PNG has the critical chunk '{name}', which this decoder does not know.");
                    }

                    break;
            }
        }

        var h = header!.Value;
        if (h.ColourType == 3 && palette is null)
        {
            throw new InvalidDataException("The PNG is palette-based but has no PLTE chunk.");
        }

        var raw = Inflate(compressed, checked(h.Height * (1 + (h.Width * h.Channels))));
        Unfilter(raw, h);
        return Expand(raw, h, palette, transparency);
    }

    private static byte[] Inflate(MemoryStream compressed, int expected)
    {
        if (compressed.Length == 0)
        {
            throw new InvalidDataException("The PNG has no IDAT image data.");
        }

        compressed.Position = 0;
        var raw = new byte[expected];
        try
        {
            using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
            var filled = 0;
            while (filled < expected)
            {
                var read = inflater.Read(raw, filled, expected - filled);
                if (read == 0)
                {
                    throw new InvalidDataException($"The PNG image data inflates to {filled} bytes; the header needs {expected}.");
                }

                filled += read;
            }

            // A zip bomb shows itself here: data beyond the image is never inflated, only detected.
            Span<byte> extra = stackalloc byte[1];
            if (inflater.Read(extra) != 0)
            {
                throw new InvalidDataException($"The PNG image data inflates beyond the {expected} bytes its header needs.");
            }
        }
        catch (InvalidDataException exception) when (!exception.Message.StartsWith("The PNG", StringComparison.Ordinal))
        {
            throw new InvalidDataException("The PNG image data is not a valid zlib stream: " + exception.Message, exception);
        }

        return raw;
    }

    /// <summary>Reverses the per-row filters in place (§9.2): None, Sub, Up, Average, Paeth; the filter byte stays.</summary>
    private static void Unfilter(byte[] raw, Header h)
    {
        var stride = 1 + (h.Width * h.Channels);
        var bpp = h.Channels;
        for (var y = 0; y < h.Height; y++)
        {
            var row = raw.AsSpan((y * stride) + 1, stride - 1);
            var previous = y == 0 ? Span<byte>.Empty : raw.AsSpan(((y - 1) * stride) + 1, stride - 1);
            var filter = raw[y * stride];
            for (var i = 0; i < row.Length; i++)
            {
                int left = i >= bpp ? row[i - bpp] : 0;
                int up = previous.IsEmpty ? 0 : previous[i];
                int upLeft = i >= bpp && !previous.IsEmpty ? previous[i - bpp] : 0;
                row[i] += filter switch
                {
                    0 => 0,
                    1 => (byte)left,
                    2 => (byte)up,
                    3 => (byte)((left + up) / 2),
                    4 => (byte)Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"The PNG row {y} uses filter type {filter}; only 0 to 4 exist."),
                };
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static PngImage Expand(byte[] raw, Header h, byte[]? palette, byte[]? transparency)
    {
        var pixels = h.Width * h.Height;
        var gray = h.ColourType is 0 or 4;
        var colour = new byte[gray ? pixels : 3 * pixels];
        var alpha = new byte[pixels];
        var stride = 1 + (h.Width * h.Channels);
        for (var y = 0; y < h.Height; y++)
        {
            for (var x = 0; x < h.Width; x++)
            {
                var s = (y * stride) + 1 + (x * h.Channels);
                var p = (y * h.Width) + x;
                switch (h.ColourType)
                {
                    case 0:
                        colour[p] = raw[s];
                        alpha[p] = transparency is { Length: 2 } && raw[s] == transparency[1] ? (byte)0 : (byte)255;
                        break;
                    case 4:
                        colour[p] = raw[s];
                        alpha[p] = raw[s + 1];
                        break;
                    case 3:
                        var index = raw[s];
                        if (3 * index >= palette!.Length)
                        {
                            throw new InvalidDataException($"The PNG pixel ({x}, {y}) uses palette entry {index}; the palette has {palette.Length / 3}.");
                        }

                        palette.AsSpan(3 * index, 3).CopyTo(colour.AsSpan(3 * p, 3));
                        alpha[p] = transparency is not null && index < transparency.Length ? transparency[index] : (byte)255;
                        break;
                    default:
                        raw.AsSpan(s, 3).CopyTo(colour.AsSpan(3 * p, 3));
                        alpha[p] = h.ColourType == 6 ? raw[s + 3]
                            : transparency is { Length: 6 } && raw[s] == transparency[1] && raw[s + 1] == transparency[3] && raw[s + 2] == transparency[5] ? (byte)0 : (byte)255;
                        break;
                }
            }
        }

        return new PngImage(h.Width, h.Height, gray, colour, alpha.AsSpan().ContainsAnyExcept((byte)255) ? alpha : null);
    }

    private readonly record struct Header(int Width, int Height, byte ColourType, int Channels)
    {
        public static Header Read(ReadOnlySpan<byte> body, int maxPixels)
        {
            if (body.Length != 13)
            {
                throw new InvalidDataException($"The PNG IHDR chunk holds {body.Length} bytes; it must hold 13.");
            }

            var width = BinaryPrimitives.ReadUInt32BigEndian(body);
            var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
            var (depth, colourType, compression, filter, interlace) = (body[8], body[9], body[10], body[11], body[12]);
            if (width == 0 || height == 0 || width > MaxDimension || height > MaxDimension || (long)width * height > maxPixels)
            {
                throw new InvalidDataException($"The PNG is {width} × {height} pixels; at most {MaxDimension} a side and {maxPixels} pixels are accepted.");
            }

            var channels = colourType switch
            {
                0 or 3 => 1,
                2 => 3,
                4 => 2,
                6 => 4,
                _ => throw new InvalidDataException($"The PNG colour type {colourType} does not exist."),
            };
            if (depth != 8)
            {
                throw new InvalidDataException($"The PNG has bit depth {depth}; only 8-bit images are accepted.");
            }

            if (compression != 0 || filter != 0)
            {
                throw new InvalidDataException($"The PNG declares compression method {compression} and filter method {filter}; only 0 and 0 exist.");
            }

            if (interlace != 0)
            {
                throw new InvalidDataException("The PNG is interlaced (Adam7); only non-interlaced images are accepted.");
            }

            return new Header((int)width, (int)height, colourType, channels);
        }
    }
}
