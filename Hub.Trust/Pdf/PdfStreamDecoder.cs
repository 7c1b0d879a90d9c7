using System.Buffers;
using System.IO.Compression;

namespace Hub.Trust.Pdf;

/// <summary>
/// Decodes stream data through its filters (ISO 32000-1 §7.4): FlateDecode with PNG predictors (§7.4.4.4), needed for
/// xref and object streams, and ASCIIHexDecode. Output is capped so that a small bomb cannot expand into gigabytes.
/// </summary>
internal static class PdfStreamDecoder
{
    public static byte[] Decode(PdfStream stream, Func<PdfObject?, PdfObject?> resolve, int maxBytes, string what)
    {
        var filters = resolve(stream.Dictionary["Filter"]);
        var parameters = resolve(stream.Dictionary["DecodeParms"]);
        var data = stream.EncodedData.ToArray();
        switch (filters)
        {
            case null:
                return data;
            case PdfName single:
                return Apply(single.Value, data, resolve(parameters) as PdfDictionary, resolve, maxBytes, what);
            case PdfArray chain:
                if (chain.Count > 8)
                {
                    ThrowHelper.Format($"{what} chains {chain.Count} filters; at most 8 are accepted.");
                }

                for (var i = 0; i < chain.Count; i++)
                {
                    var name = resolve(chain[i]) as PdfName ?? ThrowHelper.Format<PdfName>($"{what} has a /Filter entry that is not a name.");
                    var parms = parameters is PdfArray list && i < list.Count ? resolve(list[i]) as PdfDictionary : null;
                    data = Apply(name.Value, data, parms, resolve, maxBytes, what);
                }

                return data;
            default:
                return ThrowHelper.Format<byte[]>($"{what} has a /Filter that is neither a name nor an array.");
        }
    }

    private static byte[] Apply(string filter, byte[] data, PdfDictionary? parameters, Func<PdfObject?, PdfObject?> resolve, int maxBytes, string what)
    {
        switch (filter)
        {
            case "FlateDecode" or "Fl":
                var inflated = Inflate(data, maxBytes, what);
                return Predict(inflated, parameters, resolve, what);
            case "ASCIIHexDecode" or "AHx":
                var end = Array.IndexOf(data, (byte)'>');
                return PdfObjectParser.DecodeHex(data.AsSpan(0, end < 0 ? data.Length : end), 0);
            default:
                return ThrowHelper.Format<byte[]>($"{what} uses the filter /{filter}, which this reader does not decode.");
        }
    }

    private static byte[] Inflate(byte[] data, int maxBytes, string what)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(data.Length * 4, 4096), maxBytes + 1));
        var length = 0;
        try
        {
            try
            {
                using var zlib = new ZLibStream(new MemoryStream(data, writable: false), CompressionMode.Decompress);
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > maxBytes)
                        {
                            ThrowHelper.Format($"{what} decodes to more than the reader limit MaxDecodedStreamBytes ({maxBytes} bytes).");
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = zlib.Read(buffer, length, buffer.Length - length);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                // ZLibStream reports damage as InvalidDataException, or as ZLibException (an IOException) for some
                // corrupt headers. A damaged tail is common; what inflated before it is kept if there is any.
                if (length == 0)
                {
                    throw new PdfFormatException($"{what} is not valid FlateDecode data: {ex.Message}", ex);
                }
            }

            if (length > maxBytes)
            {
                ThrowHelper.Format($"{what} decodes to more than the reader limit MaxDecodedStreamBytes ({maxBytes} bytes).");
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Predict(byte[] data, PdfDictionary? parameters, Func<PdfObject?, PdfObject?> resolve, string what)
    {
        var predictor = Integer(parameters, "Predictor", 1, resolve);
        if (predictor == 1)
        {
            return data;
        }

        if (predictor < 10)
        {
            return ThrowHelper.Format<byte[]>($"{what} uses /Predictor {predictor}; only PNG predictors (10 to 15) are supported.");
        }

        var colors = Integer(parameters, "Colors", 1, resolve);
        var bits = Integer(parameters, "BitsPerComponent", 8, resolve);
        var columns = Integer(parameters, "Columns", 1, resolve);
        if (colors is < 1 or > 32 || bits is not (1 or 2 or 4 or 8 or 16) || columns is < 1 or > 1 << 20)
        {
            return ThrowHelper.Format<byte[]>($"{what} has invalid predictor parameters (Colors {colors}, BitsPerComponent {bits}, Columns {columns}).");
        }

        var bytesPerPixel = (int)Math.Max(1, colors * bits / 8);
        var rowLength = (int)(((colors * bits * columns) + 7) / 8);

        // §7.4.4.4: each row starts with its PNG filter type byte; a short final row is dropped.
        var rows = data.Length / (rowLength + 1);
        var output = new byte[rows * rowLength];
        for (var r = 0; r < rows; r++)
        {
            var type = data[r * (rowLength + 1)];
            var source = data.AsSpan((r * (rowLength + 1)) + 1, rowLength);
            var row = output.AsSpan(r * rowLength, rowLength);
            var above = r == 0 ? Span<byte>.Empty : output.AsSpan((r - 1) * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
                int up = above.IsEmpty ? 0 : above[i];
                int upLeft = i >= bytesPerPixel && !above.IsEmpty ? above[i - bytesPerPixel] : 0;
                row[i] = type switch
                {
                    0 => source[i],
                    1 => (byte)(source[i] + left),
                    2 => (byte)(source[i] + up),
                    3 => (byte)(source[i] + ((left + up) / 2)),
                    4 => (byte)(source[i] + Paeth(left, up, upLeft)),
                    _ => ThrowHelper.Format<byte>($"{what} has PNG predictor row type {type}; types 0 to 4 exist."),
                };
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static long Integer(PdfDictionary? parameters, string key, long fallback, Func<PdfObject?, PdfObject?> resolve) =>
        resolve(parameters?[key]) is PdfInteger value ? value.Value : fallback;
}
