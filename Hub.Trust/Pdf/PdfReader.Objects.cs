namespace Hub.Trust.Pdf;

/// <summary>Resolving indirect objects, in the file body or inside object streams (ISO 32000-1 §7.3.10, §7.5.7).</summary>
internal sealed partial class PdfReader
{
    private const int ObjectSearchWindow = 16;
    private const int MaxResolveDepth = 32;

    private readonly Dictionary<int, ObjectStreamIndex> _objectStreams = [];

    private PdfObject ResolveReference(PdfReference reference)
    {
        var number = reference.ObjectNumber;
        if (!_entries.TryGetValue(number, out var entry) || entry.Kind == CrossReferenceEntryKind.Free)
        {
            return PdfNull.Instance;
        }

        var generation = entry.Kind == CrossReferenceEntryKind.InFile ? entry.Number : 0;
        if (generation != reference.Generation)
        {
            return PdfNull.Instance;
        }

        if (_cache.TryGetValue(number, out var cached))
        {
            return cached;
        }

        if (!_resolving.Add(number))
        {
            ThrowHelper.Format($"Object {number} {generation} R depends on itself while being read (e.g. a stream /Length or object stream pointing back).");
        }

        try
        {
            if (_resolving.Count > MaxResolveDepth)
            {
                ThrowHelper.Format($"Reading object {number} {generation} R needs more than {MaxResolveDepth} nested objects.");
            }

            var value = entry.Kind == CrossReferenceEntryKind.InFile
                ? ReadObjectInFile(number, generation, entry.Location)
                : ReadObjectInStream(number, (int)entry.Location, entry.Number);
            _cache[number] = value;
            return value;
        }
        finally
        {
            _resolving.Remove(number);
        }
    }

    private PdfObject ReadObjectInFile(int number, int generation, long offset)
    {
        var start = offset < _data.Length && ObjectHeaderAt((int)offset, out var n, out var g) && n == number && g == generation
            ? (int)offset
            : FindObjectHeaderNear(number, generation, offset);
        return ParseIndirectObjectAt(start, resolveLength: true).Value;
    }

    private int FindObjectHeaderNear(int number, int generation, long offset)
    {
        var data = _data.Span;
        var found = -1;
        for (var p = Math.Max(0, offset - ObjectSearchWindow); p <= Math.Min(data.Length - 1, offset + ObjectSearchWindow); p++)
        {
            var position = (int)p;
            if ((position == 0 || !PdfLexer.IsRegular(data[position - 1])) && ObjectHeaderAt(position, out var n, out var g)
                && n == number && g == generation)
            {
                if (found >= 0)
                {
                    found = -1;
                    break;
                }

                found = position;
            }
        }

        return found >= 0
            ? found
            : ThrowHelper.Format<int>($"PDF xref offset {offset} of object {number} {generation} R does not point to '{number} {generation} obj'.");
    }

    /// <summary>Parses <c>n g obj … endobj</c> at <paramref name="offset"/>, with the stream data when there is any.</summary>
    private (int Number, int Generation, PdfObject Value) ParseIndirectObjectAt(int offset, bool resolveLength)
    {
        if (!ObjectHeaderAt(offset, out var number, out var generation))
        {
            ThrowHelper.Format($"PDF has no object header 'n g obj' at byte {offset}.");
        }

        var data = _data.Span;
        var lexer = new PdfLexer(data, offset);
        lexer.Next();
        lexer.Next();
        lexer.Next();
        var value = PdfObjectParser.Parse(ref lexer, _options.MaxNestingDepth);
        var next = lexer.Next();
        if (value is not PdfDictionary dictionary || next.Kind != PdfTokenKind.Keyword || !lexer.IsKeywordAt(next.Start, "stream"u8))
        {
            return (number, generation, value);
        }

        // §7.3.8.1: "stream" is followed by CRLF or LF (a lone CR is tolerated).
        var start = next.End;
        if (start < data.Length && data[start] == (byte)'\r')
        {
            start++;
        }

        if (start < data.Length && data[start] == (byte)'\n')
        {
            start++;
        }

        var declared = dictionary["Length"] switch
        {
            PdfInteger direct => direct.Value,
            PdfReference indirect when resolveLength && indirect.ObjectNumber != number => Resolve(indirect) is PdfInteger resolved ? resolved.Value : -1,
            _ => -1,
        };
        var length = declared >= 0 && declared <= data.Length - start && EndstreamFollows(start + (int)declared)
            ? (int)declared
            : MeasureToEndstream(number, start, declared);
        return (number, generation, new PdfStream(dictionary, _data.Slice(start, length)));
    }

    private bool EndstreamFollows(int position)
    {
        var lexer = new PdfLexer(_data.Span, position);
        lexer.SkipWhitespaceAndComments();
        return lexer.IsKeywordAt(lexer.Position, "endstream"u8);
    }

    private int MeasureToEndstream(int number, int start, long declared)
    {
        var data = _data.Span;
        var found = data[start..].IndexOf("endstream"u8);
        if (found < 0)
        {
            ThrowHelper.Format($"Stream of object {number} has /Length {declared} and no 'endstream' keyword after its data at byte {start}.");
        }

        // The end-of-line before endstream is not data (§7.3.8.1).
        var end = start + found;
        if (end > start && data[end - 1] == (byte)'\n')
        {
            end--;
        }

        if (end > start && data[end - 1] == (byte)'\r')
        {
            end--;
        }

        return end - start;
    }

    private PdfObject ReadObjectInStream(int number, int streamNumber, int index)
    {
        var objectStream = GetObjectStream(streamNumber);
        if (index < 0 || index >= objectStream.Numbers.Length || objectStream.Numbers[index] != number)
        {
            // The index in the xref entry is a hint; the object stream's own header names its objects.
            index = Array.IndexOf(objectStream.Numbers, number);
            if (index < 0)
            {
                ThrowHelper.Format($"Object stream {streamNumber} does not contain object {number}, although the xref says it does.");
            }
        }

        var lexer = new PdfLexer(objectStream.Data, objectStream.Offsets[index]);
        var value = PdfObjectParser.Parse(ref lexer, _options.MaxNestingDepth);
        return value is PdfStream
            ? ThrowHelper.Format<PdfObject>($"Object stream {streamNumber} holds a stream as object {number}, which §7.5.7 forbids.")
            : value;
    }

    private ObjectStreamIndex GetObjectStream(int streamNumber)
    {
        if (_objectStreams.TryGetValue(streamNumber, out var known))
        {
            return known;
        }

        if (!_entries.TryGetValue(streamNumber, out var entry) || entry.Kind != CrossReferenceEntryKind.InFile)
        {
            ThrowHelper.Format($"Object stream {streamNumber} is not an object stored directly in the file.");
        }

        var what = $"Object stream {streamNumber}";
        if (ResolveReference(new PdfReference(streamNumber, entry.Number)) is not PdfStream stream || stream.Dictionary.GetName("Type") != "ObjStm")
        {
            return ThrowHelper.Format<ObjectStreamIndex>($"{what} is not a stream of /Type /ObjStm.");
        }

        if (Resolve(stream.Dictionary["N"]) is not PdfInteger { Value: >= 0 } n || n.Value > _options.MaxObjects
            || Resolve(stream.Dictionary["First"]) is not PdfInteger { Value: >= 0 } first)
        {
            return ThrowHelper.Format<ObjectStreamIndex>($"{what} has a missing or out-of-range /N or /First.");
        }

        var data = Decode(stream, what);
        if (first.Value > data.Length || n.Value * 4 > data.Length)
        {
            return ThrowHelper.Format<ObjectStreamIndex>($"{what} declares /N {n.Value} /First {first.Value} but decodes to only {data.Length} bytes.");
        }

        var numbers = new int[n.Value];
        var offsets = new int[n.Value];
        var header = new PdfLexer(data.AsSpan(0, (int)first.Value), 0);
        for (var i = 0; i < n.Value; i++)
        {
            var objectNumber = header.Next();
            var objectOffset = header.Next();
            if (objectNumber.Kind != PdfTokenKind.Integer || objectOffset.Kind != PdfTokenKind.Integer
                || objectNumber.Integer is < 1 or > int.MaxValue || objectOffset.Integer < 0 || first.Value + objectOffset.Integer > data.Length)
            {
                return ThrowHelper.Format<ObjectStreamIndex>($"{what} has a malformed header at pair {i} (expected 'number offset' within the stream).");
            }

            numbers[i] = (int)objectNumber.Integer;
            offsets[i] = (int)(first.Value + objectOffset.Integer);
        }

        var index = new ObjectStreamIndex(data, numbers, offsets);
        _objectStreams[streamNumber] = index;
        return index;
    }

    private sealed record ObjectStreamIndex(byte[] Data, int[] Numbers, int[] Offsets);
}
