using System.Buffers.Binary;
using System.Text;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// Builds small PDFs byte by byte for hostile-input tests: objects are written as given, and the cross-reference
/// section (classic table or uncompressed xref stream) gets correct offsets unless a test overrides them.
/// </summary>
internal sealed class HandWrittenPdf
{
    private readonly List<(int Number, byte[] Body)> _objects = [];
    private readonly List<(int Number, int Stream, int Index)> _compressed = [];

    public string TrailerExtra { get; init; } = string.Empty;

    /// <summary>The catalog, pages and one page as objects 1–3, the usual skeleton.</summary>
    public static HandWrittenPdf Minimal() => new HandWrittenPdf()
        .Add(1, "<< /Type /Catalog /Pages 2 0 R >>")
        .Add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>")
        .Add(3, "<< /Type /Page /Parent 2 0 R >>");

    public HandWrittenPdf Add(int number, string body) => Add(number, Encoding.Latin1.GetBytes(body));

    public HandWrittenPdf Add(int number, byte[] body)
    {
        _objects.RemoveAll(o => o.Number == number);
        _objects.Add((number, body));
        return this;
    }

    /// <summary>Declares object <paramref name="number"/> as stored in object stream <paramref name="stream"/> (xref streams only).</summary>
    public HandWrittenPdf Compressed(int number, int stream, int index)
    {
        _compressed.Add((number, stream, index));
        return this;
    }

    /// <summary>A stream object body with the given dictionary entries and raw data; /Length is the data's unless given.</summary>
    public static byte[] Stream(string entries, byte[] data, string? length = null) =>
        [.. Encoding.Latin1.GetBytes($"<< {entries} /Length {length ?? data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} >>\nstream\n"),
            .. data, .. "\nendstream"u8];

    public byte[] WithTable(long? startxref = null)
    {
        var (body, offsets) = Body();
        var size = offsets.Keys.DefaultIfEmpty(0).Max() + 1;
        var xref = body.Length;
        var text = new StringBuilder("xref\n0 ").Append(size).Append("\n0000000000 65535 f\r\n");
        for (var n = 1; n < size; n++)
        {
            text.Append(offsets.TryGetValue(n, out var o) ? $"{o:D10} 00000 n\r\n" : "0000000000 00000 f\r\n");
        }

        text.Append($"trailer\n<< /Size {size} /Root 1 0 R {TrailerExtra} >>\nstartxref\n{startxref ?? xref}\n%%EOF\n");
        return [.. body, .. Encoding.Latin1.GetBytes(text.ToString())];
    }

    public byte[] WithXrefStream(string? streamExtra = null)
    {
        var (body, offsets) = Body();
        var self = Math.Max(offsets.Keys.DefaultIfEmpty(0).Max(), _compressed.Select(c => c.Number).DefaultIfEmpty(0).Max()) + 1;
        offsets[self] = body.Length;
        var rows = new byte[(self + 1) * 7];
        for (var n = 1; n <= self; n++)
        {
            var row = rows.AsSpan(n * 7, 7);
            var compressed = _compressed.FirstOrDefault(c => c.Number == n);
            if (compressed.Number == n)
            {
                row[0] = 2;
                BinaryPrimitives.WriteUInt32BigEndian(row[1..], (uint)compressed.Stream);
                BinaryPrimitives.WriteUInt16BigEndian(row[5..], (ushort)compressed.Index);
            }
            else if (offsets.TryGetValue(n, out var offset))
            {
                row[0] = 1;
                BinaryPrimitives.WriteUInt32BigEndian(row[1..], (uint)offset);
            }
        }

        var xref = Stream($"/Type /XRef /Size {self + 1} /W [1 4 2] /Root 1 0 R {streamExtra ?? TrailerExtra}", rows);
        var text = Encoding.Latin1.GetBytes($"{self} 0 obj\n");
        return [.. body, .. text, .. xref, .. Encoding.Latin1.GetBytes($"\nendobj\nstartxref\n{offsets[self]}\n%%EOF\n")];
    }

    private (byte[] Body, Dictionary<int, long> Offsets) Body()
    {
        using var body = new MemoryStream();
        body.Write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8);
        var offsets = new Dictionary<int, long>();
        foreach (var (number, content) in _objects)
        {
            offsets[number] = body.Length;
            body.Write(Encoding.Latin1.GetBytes($"{number} 0 obj\n"));
            body.Write(content);
            body.Write("\nendobj\n"u8);
        }

        return (body.ToArray(), offsets);
    }
}
