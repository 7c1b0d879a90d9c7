using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Trust.Pdf;

/// <summary>
/// Appends one incremental update to a PDF (ISO 32000-1 §7.5.6): the original bytes stay a byte-for-byte prefix of
/// the output, so signatures over earlier revisions remain valid. Callers allocate new objects and replace existing
/// ones; the writer appends them, then a cross-reference section of the same kind as the file's newest one (a
/// classic table for table and hybrid files, without /XRefStm; an xref stream for xref-stream files, §7.5.8), a
/// trailer chained by <c>/Prev</c>, <c>startxref</c> and <c>%%EOF</c>. Nothing here knows about signatures.
/// </summary>
internal sealed class IncrementalPdfWriter
{
    private readonly PdfReader _reader;
    private readonly SortedDictionary<int, (PdfReference Reference, PdfObject? Value)> _objects = [];
    private int _nextNumber;

    /// <summary>Starts an update of the file <paramref name="reader"/> has opened.</summary>
    public IncrementalPdfWriter(PdfReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _nextNumber = reader.Size;
    }

    /// <summary>Reserves a new object number (from the trailer's <c>/Size</c> up); give it a value with <see cref="Set"/>.</summary>
    public PdfReference Allocate()
    {
        var reference = new PdfReference(_nextNumber++, 0);
        _objects[reference.ObjectNumber] = (reference, null);
        return reference;
    }

    /// <summary>Allocates a new object holding <paramref name="value"/>.</summary>
    public PdfReference Add(PdfObject value)
    {
        var reference = Allocate();
        Set(reference, value);
        return reference;
    }

    /// <summary>Gives an object from <see cref="Allocate"/> its value (allocating first lets objects refer to each other).</summary>
    /// <exception cref="ArgumentException"><paramref name="allocated"/> was not allocated by this writer.</exception>
    public void Set(PdfReference allocated, PdfObject value)
    {
        ArgumentNullException.ThrowIfNull(allocated);
        ArgumentNullException.ThrowIfNull(value);
        if (allocated.ObjectNumber < _reader.Size || !_objects.ContainsKey(allocated.ObjectNumber) || allocated.Generation != 0)
        {
            throw new ArgumentException($"Object {allocated.ObjectNumber} {allocated.Generation} R was not allocated by this writer; use Replace for existing objects.", nameof(allocated));
        }

        _objects[allocated.ObjectNumber] = (allocated, value);
    }

    /// <summary>
    /// Replaces an existing object, keeping its number and generation. An object that lived in an object stream is
    /// written as a plain object; its new entry overrides the old one (§7.5.7).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="existing"/> is not an object in use in the file.</exception>
    public void Replace(PdfReference existing, PdfObject value)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(value);
        if (!_reader.Contains(existing))
        {
            throw new ArgumentException($"Object {existing.ObjectNumber} {existing.Generation} R is not an object in use in the file, so it cannot be replaced.", nameof(existing));
        }

        _objects[existing.ObjectNumber] = (existing, value);
    }

    /// <summary>
    /// Writes the original bytes, then the update, to <paramref name="output"/>, which must be empty (offsets in the
    /// result, and the patch methods, are positions in the file). To patch placeholders it must also be seekable.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is seekable but not at position 0.</exception>
    /// <exception cref="InvalidOperationException">An allocated object has no value, or a placeholder is used twice.</exception>
    public async Task<IncrementalUpdate> WriteToAsync(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.CanSeek && output.Position != 0)
        {
            throw new ArgumentException($"The output stream is at position {output.Position}; the PDF must start at position 0 so that offsets are file offsets.", nameof(output));
        }

        var missing = _objects.Values.FirstOrDefault(o => o.Value is null).Reference;
        if (missing is not null)
        {
            throw new InvalidOperationException($"Object {missing.ObjectNumber} 0 R was allocated but never given a value.");
        }

        var original = _reader.Data;
        long baseOffset = original.Length;
        using var writer = new PdfSyntaxWriter();

        // The update must start on a fresh line even if the file's last %%EOF has no end-of-line after it (§7.5.5).
        if (original.Length > 0 && original.Span[^1] is not ((byte)'\n' or (byte)'\r'))
        {
            writer.WriteRaw("\n"u8);
        }

        var offsets = new List<(PdfReference Reference, long Offset)>();
        foreach (var (reference, value) in _objects.Values)
        {
            offsets.Add((reference, baseOffset + writer.Length));
            writer.WriteRaw(Ascii($"{reference.ObjectNumber} {reference.Generation} obj\n"));
            value!.WriteTo(writer);
            writer.WriteRaw("\nendobj\n"u8);
        }

        var xrefOffset = baseOffset + writer.Length;
        if (_reader.CrossReferenceKind == PdfCrossReferenceKind.Stream)
        {
            WriteXrefStream(writer, offsets, xrefOffset);
        }
        else
        {
            WriteXrefTable(writer, offsets);
        }

        writer.WriteRaw(Ascii($"startxref\n{xrefOffset}\n%%EOF\n"));

        var locations = new Dictionary<PdfPlaceholder, PdfPlaceholderLocation>(ReferenceEqualityComparer.Instance);
        foreach (var (placeholder, position) in writer.Placeholders)
        {
            if (!locations.TryAdd(placeholder, new PdfPlaceholderLocation(baseOffset + position, placeholder.Width)))
            {
                throw new InvalidOperationException("A placeholder was written twice; each placeholder may appear once in an update.");
            }
        }

        await output.WriteAsync(original, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return new IncrementalUpdate(baseOffset, xrefOffset, baseOffset + writer.Length, locations);
    }

    private void WriteXrefTable(PdfSyntaxWriter writer, List<(PdfReference Reference, long Offset)> offsets)
    {
        writer.WriteRaw("xref\n"u8);
        foreach (var run in Runs(offsets))
        {
            writer.WriteRaw(Ascii($"{run[0].Reference.ObjectNumber} {run.Count}\n"));
            foreach (var (reference, offset) in run)
            {
                // §7.5.4: exactly 20 bytes per entry, the end-of-line being two characters.
                writer.WriteRaw(Ascii($"{offset:D10} {reference.Generation:D5} n\r\n"));
            }
        }

        writer.WriteRaw("trailer\n"u8);
        Trailer(Size(offsets, 0)).WriteTo(writer);
        writer.WriteRaw("\n"u8);
    }

    private void WriteXrefStream(PdfSyntaxWriter writer, List<(PdfReference Reference, long Offset)> offsets, long xrefOffset)
    {
        // §7.5.8: the stream lists itself too; it takes the next free number.
        var self = new PdfReference(Math.Max(_nextNumber, offsets.Count == 0 ? 0 : offsets[^1].Reference.ObjectNumber + 1), 0);
        var all = offsets.Append((Reference: self, Offset: xrefOffset)).ToList();
        var rows = new byte[all.Count * 7];
        for (var i = 0; i < all.Count; i++)
        {
            var row = rows.AsSpan(i * 7, 7);
            row[0] = 1;
            BinaryPrimitives.WriteUInt32BigEndian(row[1..], checked((uint)all[i].Offset));
            BinaryPrimitives.WriteUInt16BigEndian(row[5..], (ushort)all[i].Reference.Generation);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(rows);
        }

        var index = new PdfArray();
        foreach (var run in Runs(all))
        {
            index.Add(new PdfInteger(run[0].Reference.ObjectNumber));
            index.Add(new PdfInteger(run.Count));
        }

        var dictionary = Trailer(Size(all, self.ObjectNumber + 1))
            .Set("Type", new PdfName("XRef"))
            .Set("W", new PdfArray([new PdfInteger(1), new PdfInteger(4), new PdfInteger(2)]))
            .Set("Index", index)
            .Set("Filter", new PdfName("FlateDecode"));
        writer.WriteRaw(Ascii($"{self.ObjectNumber} 0 obj\n"));
        new PdfStream(dictionary, compressed.ToArray()).WriteTo(writer);
        writer.WriteRaw("\nendobj\n"u8);
    }

    private int Size(List<(PdfReference Reference, long Offset)> offsets, int atLeast) =>
        Math.Max(Math.Max(_reader.Size, atLeast), offsets.Count == 0 ? 0 : offsets.Max(o => o.Reference.ObjectNumber) + 1);

    /// <summary>
    /// The new trailer: the newest trailer's entries (§7.5.6: an update's trailer contains all entries except
    /// /Prev of the previous one), without xref-stream and hybrid keys, with /Size, /Prev and /ID updated.
    /// </summary>
    private PdfDictionary Trailer(int size)
    {
        string[] dropped = ["Prev", "XRefStm", "Size", "Type", "W", "Index", "Length", "Filter", "DecodeParms", "F", "FFilter", "FDecodeParms", "DL"];
        var trailer = new PdfDictionary();
        foreach (var (key, value) in _reader.Trailer)
        {
            if (!dropped.Contains(key) && value is not PdfNull)
            {
                trailer.Set(key, value);
            }
        }

        if (!trailer.ContainsKey("Root"))
        {
            trailer.Set("Root", _reader.CatalogReference);
        }

        trailer.Set("Size", new PdfInteger(size));
        trailer.Set("Prev", new PdfInteger(_reader.LastCrossReferenceOffset));
        trailer.Set("ID", NewId());
        return trailer;
    }

    /// <summary>
    /// §14.4: the first /ID element identifies the document and is kept; the second changes with each revision.
    /// Both are derived from content, so the same update of the same file is byte-identical.
    /// </summary>
    private PdfArray NewId()
    {
        var first = _reader.Trailer["ID"] is PdfArray { Count: >= 1 } existing && existing[0] is PdfString permanent
            ? permanent
            : new PdfString(SHA256.HashData(_reader.Data.Span)[..16], hex: true);
        var seed = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_reader.Data.Length}:{_reader.LastCrossReferenceOffset}:{string.Join(',', _objects.Keys)}"));
        var second = new PdfString(SHA256.HashData([.. first.Bytes, .. seed])[..16], hex: true);
        return new PdfArray([first, second]);
    }

    private static IEnumerable<List<(PdfReference Reference, long Offset)>> Runs(IEnumerable<(PdfReference Reference, long Offset)> sorted)
    {
        var run = new List<(PdfReference Reference, long Offset)>();
        foreach (var item in sorted)
        {
            if (run.Count > 0 && run[^1].Reference.ObjectNumber + 1 != item.Reference.ObjectNumber)
            {
                yield return run;
                run = [];
            }

            run.Add(item);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
