using System.Buffers.Binary;

namespace Hub.Trust.Pdf;

/// <summary>Reading the chain of cross-reference sections (ISO 32000-1 §7.5.4–7.5.8).</summary>
internal sealed partial class PdfReader
{
    private const int SectionSearchWindow = 8;

    private void ReadCrossReferences()
    {
        var visited = new HashSet<long>();
        long? next = FindStartXref();
        var newest = true;
        while (next is { } declared)
        {
            if (_trailers.Count >= _options.MaxCrossReferenceSections)
            {
                ThrowHelper.Limit("MaxCrossReferenceSections", _trailers.Count + 1, _options.MaxCrossReferenceSections);
            }

            var offset = LocateSection(declared, newest ? "startxref" : "/Prev");
            if (!visited.Add(offset))
            {
                ThrowHelper.Format($"PDF cross-reference chain loops: /Prev leads back to the section at byte {offset}.");
            }

            var (kind, trailer, entries) = ReadSection(offset, visited);
            if (newest)
            {
                Trailer = trailer;
                CrossReferenceKind = kind;
                LastCrossReferenceOffset = offset;
                NewestSectionFirstObject = entries.Where(e => e.Value.Kind == CrossReferenceEntryKind.InFile && e.Value.Location > 0)
                    .Select(e => e.Value.Location).DefaultIfEmpty(offset).Min();
            }

            foreach (var (number, entry) in entries)
            {
                // Newer sections come first, so the first entry seen for a number is the current one.
                _entries.TryAdd(number, entry);
            }

            _trailers.Add(trailer);
            next = trailer["Prev"] switch
            {
                null => null,
                PdfInteger prev => prev.Value,
                _ => ThrowHelper.Format<long>($"PDF trailer /Prev of the section at byte {offset} is not an integer."),
            };
            newest = false;
        }

        var declaredSize = Trailer["Size"] is PdfInteger size ? size.Value : 0;
        var highest = _entries.Count == 0 ? 0 : _entries.Keys.Max() + 1L;
        Size = (int)Math.Clamp(Math.Max(declaredSize, highest), 1, _options.MaxObjects);
    }

    private long FindStartXref()
    {
        var data = _data.Span;
        var at = data.LastIndexOf("startxref"u8);
        if (at < 0)
        {
            ThrowHelper.Format("PDF has no 'startxref' keyword, so its cross-reference section cannot be found (ISO 32000-1 §7.5.5).");
        }

        var lexer = new PdfLexer(data, at + "startxref".Length);
        var value = lexer.Next();
        if (value.Kind != PdfTokenKind.Integer)
        {
            ThrowHelper.Format($"PDF 'startxref' at byte {at} is not followed by a byte offset.");
        }

        var after = lexer.Next();
        if (after.Kind != PdfTokenKind.EndOfInput && !(after.Kind == PdfTokenKind.Keyword && lexer.IsKeywordAt(after.Start, "startxref"u8)))
        {
            // Only the %%EOF comment (skipped by the lexer) may follow; "565 565" or "565 z" leaves the offset in doubt.
            ThrowHelper.Format($"PDF 'startxref' at byte {at} is followed by more than one offset; the cross-reference section is ambiguous.");
        }

        return value.Integer;
    }

    /// <summary>Finds the section at <paramref name="declared"/>, tolerating whitespace and an offset a few bytes off.</summary>
    private int LocateSection(long declared, string source)
    {
        var data = _data.Span;
        if (declared >= 0 && declared < data.Length && SectionStartsAt((int)declared))
        {
            return SkipWhitespace((int)declared);
        }

        var found = -1;
        var from = Math.Max(0, declared - SectionSearchWindow);
        var to = Math.Min(data.Length - 1, declared + SectionSearchWindow);
        for (var p = from; p <= to; p++)
        {
            var position = (int)p;
            if ((position == 0 || !PdfLexer.IsRegular(data[position - 1])) && PdfLexer.IsRegular(data[position]) && SectionStartsAt(position))
            {
                if (found >= 0)
                {
                    found = -2;
                    break;
                }

                found = position;
            }
        }

        if (found < 0)
        {
            ThrowHelper.Format($"PDF {source} offset {declared} does not point to a cross-reference section ('xref' or an xref stream object).");
        }

        return found;
    }

    private int SkipWhitespace(int position)
    {
        var lexer = new PdfLexer(_data.Span, position);
        lexer.SkipWhitespaceAndComments();
        return lexer.Position;
    }

    private bool SectionStartsAt(int position)
    {
        var lexer = new PdfLexer(_data.Span, position);
        lexer.SkipWhitespaceAndComments();
        return lexer.IsKeywordAt(lexer.Position, "xref"u8) || ObjectHeaderAt(lexer.Position, out _, out _);
    }

    /// <summary>
    /// Whether <c>n g obj</c> starts at <paramref name="position"/>. Scanned by hand rather than tokenized: it probes
    /// arbitrary positions while repairing offsets, where the tokenizer would throw on stray delimiters.
    /// </summary>
    private bool ObjectHeaderAt(int position, out int number, out int generation)
    {
        var data = _data.Span;
        generation = 0;
        var p = position;
        if (!Digits(data, ref p, 10, out var n) || !Whitespace(data, ref p) || !Digits(data, ref p, 5, out var g) || !Whitespace(data, ref p)
            || !new PdfLexer(data, p).IsKeywordAt(p, "obj"u8) || n > int.MaxValue || g > 65535)
        {
            number = 0;
            return false;
        }

        number = (int)n;
        generation = (int)g;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> data, ref int p, int maxDigits, out long value)
    {
        value = 0;
        var start = p;
        while (p < data.Length && data[p] is >= (byte)'0' and <= (byte)'9' && p - start < maxDigits)
        {
            value = (value * 10) + (data[p++] - '0');
        }

        return p > start && (p == data.Length || !PdfLexer.IsRegular(data[p]) || data[p] is < (byte)'0' or > (byte)'9');
    }

    private static bool Whitespace(ReadOnlySpan<byte> data, ref int p)
    {
        var start = p;
        while (p < data.Length && PdfLexer.IsWhitespace(data[p]))
        {
            p++;
        }

        return p > start;
    }

    private (PdfCrossReferenceKind Kind, PdfDictionary Trailer, List<KeyValuePair<int, CrossReferenceEntry>> Entries) ReadSection(int offset, HashSet<long> visited)
    {
        if (!new PdfLexer(_data.Span, offset).IsKeywordAt(offset, "xref"u8))
        {
            var (streamTrailer, streamEntries) = ReadXrefStream(offset);
            return (PdfCrossReferenceKind.Stream, streamTrailer, streamEntries);
        }

        var (trailer, entries) = ReadXrefTable(offset);
        if (trailer["XRefStm"] is not PdfInteger hidden)
        {
            return (PdfCrossReferenceKind.Table, trailer, entries);
        }

        // §7.5.8.4: in a hybrid file the table is searched first, then the stream named by /XRefStm (objects the
        // table lists as free or omits), and only then /Prev.
        if (hidden.Value < 0 || hidden.Value >= _data.Length || !visited.Add(hidden.Value))
        {
            ThrowHelper.Format($"PDF trailer /XRefStm {hidden.Value} of the section at byte {offset} is out of range or already read.");
        }

        var (_, hiddenEntries) = ReadXrefStream(LocateSection(hidden.Value, "/XRefStm"));
        var inTable = new Dictionary<int, CrossReferenceEntry>();
        foreach (var (number, entry) in entries)
        {
            inTable.TryAdd(number, entry);
        }

        foreach (var (number, entry) in hiddenEntries)
        {
            if (!inTable.TryGetValue(number, out var existing) || existing.Kind == CrossReferenceEntryKind.Free)
            {
                inTable[number] = entry;
            }
        }

        return (PdfCrossReferenceKind.Hybrid, trailer, [.. inTable]);
    }

    private (PdfDictionary Trailer, List<KeyValuePair<int, CrossReferenceEntry>> Entries) ReadXrefTable(int offset)
    {
        var lexer = new PdfLexer(_data.Span, offset + "xref".Length);
        var entries = new List<KeyValuePair<int, CrossReferenceEntry>>();
        while (true)
        {
            var token = lexer.Next();
            if (token.Kind == PdfTokenKind.Keyword && lexer.IsKeywordAt(token.Start, "trailer"u8))
            {
                break;
            }

            var countToken = lexer.Next();
            if (token.Kind != PdfTokenKind.Integer || countToken.Kind != PdfTokenKind.Integer)
            {
                ThrowHelper.Format($"PDF xref table at byte {offset} is malformed at byte {token.Start}: expected a subsection header 'first count' or 'trailer'.");
            }

            var first = token.Integer;
            var count = countToken.Integer;
            if (first < 0 || count < 0 || first + count > _options.MaxObjects || entries.Count + count > _options.MaxObjects)
            {
                ThrowHelper.Format($"PDF xref subsection '{first} {count}' at byte {token.Start} is out of range (reader limit MaxObjects {_options.MaxObjects}).");
            }

            for (var i = 0; i < count; i++)
            {
                var location = lexer.Next();
                var generation = lexer.Next();
                var type = lexer.Next();
                if (location.Kind != PdfTokenKind.Integer || generation.Kind != PdfTokenKind.Integer || type.Kind != PdfTokenKind.Keyword
                    || type.Length != 1 || location.Integer < 0 || generation.Integer is < 0 or > 65535)
                {
                    ThrowHelper.Format($"PDF xref table entry {first + i} at byte {location.Start} is malformed (expected 'offset generation n|f').");
                }

                var inUse = _data.Span[type.Start] == (byte)'n';
                if (!inUse && _data.Span[type.Start] != (byte)'f')
                {
                    ThrowHelper.Format($"PDF xref table entry {first + i} at byte {location.Start} has type '{(char)_data.Span[type.Start]}', not 'n' or 'f'.");
                }

                // A common producer bug numbers the first subsection from 1 although it starts with object 0's
                // free-list head; shifting is safe because that entry can only belong to object 0.
                if (i == 0 && first == 1 && !inUse && generation.Integer == 65535)
                {
                    first = 0;
                }

                // An in-use entry at offset 0 cannot be an object (the header is there); treat it as free.
                var entry = inUse && location.Integer > 0
                    ? new CrossReferenceEntry(CrossReferenceEntryKind.InFile, location.Integer, (int)generation.Integer)
                    : new CrossReferenceEntry(CrossReferenceEntryKind.Free, 0, (int)generation.Integer);
                entries.Add(new((int)(first + i), entry));
            }
        }

        var trailerLexer = lexer;
        var trailer = PdfObjectParser.Parse(ref trailerLexer, _options.MaxNestingDepth) as PdfDictionary
            ?? ThrowHelper.Format<PdfDictionary>($"PDF trailer after the xref table at byte {offset} is not a dictionary.");
        return (trailer, entries);
    }

    private (PdfDictionary Trailer, List<KeyValuePair<int, CrossReferenceEntry>> Entries) ReadXrefStream(int offset)
    {
        var (number, _, value) = ParseIndirectObjectAt(offset, resolveLength: false);
        if (value is not PdfStream stream || stream.Dictionary.GetName("Type") != "XRef")
        {
            return ThrowHelper.Format<(PdfDictionary, List<KeyValuePair<int, CrossReferenceEntry>>)>(
                $"PDF cross-reference offset {offset} points to object {number}, which is not a cross-reference stream (/Type /XRef).");
        }

        var dictionary = stream.Dictionary;
        var what = $"Cross-reference stream {number} at byte {offset}";
        if (dictionary["W"] is not PdfArray { Count: 3 } w || w.Any(x => x is not PdfInteger { Value: >= 0 and <= 8 }))
        {
            return ThrowHelper.Format<(PdfDictionary, List<KeyValuePair<int, CrossReferenceEntry>>)>($"{what} has a /W that is not three integers from 0 to 8.");
        }

        var widths = w.Select(x => (int)((PdfInteger)x).Value).ToArray();
        var rowLength = widths.Sum();
        if (dictionary["Size"] is not PdfInteger { Value: >= 0 } size || size.Value > _options.MaxObjects)
        {
            return ThrowHelper.Format<(PdfDictionary, List<KeyValuePair<int, CrossReferenceEntry>>)>($"{what} has a missing or out-of-range /Size (reader limit MaxObjects {_options.MaxObjects}).");
        }

        var index = dictionary["Index"] as PdfArray ?? new PdfArray([new PdfInteger(0), size]);
        if (index.Count % 2 != 0 || index.Any(x => x is not PdfInteger { Value: >= 0 } i || i.Value > _options.MaxObjects))
        {
            return ThrowHelper.Format<(PdfDictionary, List<KeyValuePair<int, CrossReferenceEntry>>)>($"{what} has an /Index that is not pairs of non-negative integers within MaxObjects.");
        }

        var data = Decode(stream, what);
        var rows = 0L;
        for (var i = 0; i < index.Count; i += 2)
        {
            rows += ((PdfInteger)index[i + 1]).Value;
        }

        if (rows > _options.MaxObjects || rows * rowLength > data.Length)
        {
            return ThrowHelper.Format<(PdfDictionary, List<KeyValuePair<int, CrossReferenceEntry>>)>(
                $"{what} declares {rows} entries of {rowLength} bytes but decodes to only {data.Length} bytes.");
        }

        var entries = new List<KeyValuePair<int, CrossReferenceEntry>>((int)rows);
        var row = 0;
        for (var i = 0; i < index.Count; i += 2)
        {
            var first = ((PdfInteger)index[i]).Value;
            var count = ((PdfInteger)index[i + 1]).Value;
            if (first + count > _options.MaxObjects)
            {
                ThrowHelper.Limit("MaxObjects", first + count, _options.MaxObjects);
            }

            for (var k = 0; k < count; k++, row++)
            {
                var span = data.AsSpan(row * rowLength, rowLength);
                // §7.5.8.3 Table 17: a zero-width type field means type 1.
                var type = widths[0] == 0 ? 1 : Field(span[..widths[0]]);
                var field2 = Field(span.Slice(widths[0], widths[1]));
                var field3 = Field(span.Slice(widths[0] + widths[1], widths[2]));
                var entry = type switch
                {
                    0 => new CrossReferenceEntry(CrossReferenceEntryKind.Free, 0, (int)Math.Min(field3, 65535)),
                    1 when field2 > 0 && field3 <= 65535 => new CrossReferenceEntry(CrossReferenceEntryKind.InFile, field2, (int)field3),
                    2 when field2 is > 0 and <= int.MaxValue && field3 <= int.MaxValue => new CrossReferenceEntry(CrossReferenceEntryKind.InObjectStream, field2, (int)field3),

                    // §7.5.8.3: other types are references to the null object.
                    _ => new CrossReferenceEntry(CrossReferenceEntryKind.Free, 0, 0),
                };
                entries.Add(new((int)(first + k), entry));
            }
        }

        return (dictionary, entries);
    }

    private static long Field(ReadOnlySpan<byte> bytes)
    {
        // Big-endian, up to 8 bytes; values beyond long are clamped so they fail range checks instead of wrapping.
        if (bytes.Length == 8)
        {
            return (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(bytes), long.MaxValue);
        }

        long value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
