using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pdf;

namespace Hub.Trust.Verification;

/// <summary>One signature being verified: its dictionary, byte range, the file, and the problems found so far.</summary>
internal sealed class SignatureContext
{
    private static readonly System.Buffers.SearchValues<byte> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF"u8);
    private readonly PdfReader _reader;
    private readonly long[]? _range;

    private PdfReader? _signed;

    public SignatureContext(
        PdfReader reader, string fieldName, PdfDictionary field, PdfDictionary value, X509Certificate2Collection embeddedCertificates, List<CertificateRevocationList> crls)
    {
        _reader = reader;
        FieldName = fieldName;
        Field = field;
        EmbeddedCertificates = embeddedCertificates;
        Crls = crls;
        IsDocumentTimestamp = value.GetName("Type") == "DocTimeStamp";
        SubFilter = value.GetName("SubFilter") ?? string.Empty;
        Contents = (reader.Resolve(value["Contents"]) as PdfString)?.Bytes.ToArray() ?? [];
        if (reader.Resolve(value["ByteRange"]) is PdfArray { Count: 4 } array && array.All(a => a is PdfInteger))
        {
            _range = [.. array.Select(a => ((PdfInteger)a).Value)];
        }
    }

    public string FieldName { get; }

    /// <summary>The signature field (merged with its widget when it has one).</summary>
    public PdfDictionary Field { get; }

    public PdfReader Reader => _reader;

    public string SubFilter { get; }

    public bool IsDocumentTimestamp { get; }

    public byte[] Contents { get; }

    public X509Certificate2Collection EmbeddedCertificates { get; }

    public List<CertificateRevocationList> Crls { get; }

    public List<string> Problems { get; } = [];

    /// <summary>Where the signed revision ends (for ordering); long.MaxValue when the range is unusable.</summary>
    public long RevisionEnd => _range is { } r ? r[2] + r[3] : long.MaxValue;

    /// <summary>
    /// The byte range when it is two runs from offset 0 whose gap is exactly the <c>&lt;…&gt;</c> of <c>/Contents</c>
    /// (ISO 32000-2 §12.8.1); otherwise null, with the problem recorded.
    /// </summary>
    public long[]? CheckByteRange()
    {
        var data = _reader.Data.Span;
        if (_range is not [0, var b, var c, var d] || b <= 0 || c <= b || d < 0 || c + d > data.Length)
        {
            Problems.Add($"The /ByteRange {(_range is null ? "is missing or malformed" : "[" + string.Join(' ', _range) + "]")} does not describe two runs of this file starting at offset 0.");
            return null;
        }

        if (data[(int)b] != (byte)'<' || data[(int)c - 1] != (byte)'>' || data[(int)(b + 1)..(int)(c - 1)].ContainsAnyExcept(HexDigits))
        {
            Problems.Add("The gap in the /ByteRange is not exactly the /Contents hex string.");
            return null;
        }

        return _range;
    }

    /// <summary>Coverage, and what later revisions changed relative to the signed one.</summary>
    public (PdfSignatureCoverage Coverage, PdfModificationLevel Level, IReadOnlyList<int> Flagged) CheckCoverage()
    {
        var end = RevisionEnd;
        var data = _reader.Data;
        if (end == data.Length)
        {
            return (PdfSignatureCoverage.WholeFile, PdfModificationLevel.None, []);
        }

        // The signed revision must end at its %%EOF (§7.5.5), and the newest cross-reference section must lie beyond it;
        // otherwise the bytes after it are not an update (e.g. bytes appended to a signed file).
        var revision = data[..(int)end];
        var tail = revision.Span[Math.Max(0, revision.Length - 8)..];
        if (tail.IndexOf("%%EOF"u8) < 0 || _reader.LastCrossReferenceOffset < end)
        {
            Problems.Add($"{data.Length - end} bytes after the signed revision are not an incremental update.");
            return (PdfSignatureCoverage.UncoveredBytes, PdfModificationLevel.None, []);
        }

        PdfReader signed;
        try
        {
            signed = _signed ??= PdfReader.Open(revision);
        }
        catch (PdfFormatException e)
        {
            Problems.Add($"The signed revision cannot be read on its own: {e.Message}");
            return (PdfSignatureCoverage.UncoveredBytes, PdfModificationLevel.None, []);
        }

        var (changed, flagged) = RevisionDiff.Compare(signed, _reader);
        if (flagged.Count > 0)
        {
            Problems.Add($"Later revisions changed objects {string.Join(", ", flagged)} beyond signatures, DSS and form filling.");
            return (PdfSignatureCoverage.FollowedByUpdates, PdfModificationLevel.Disallowed, flagged);
        }

        return (PdfSignatureCoverage.FollowedByUpdates, changed ? PdfModificationLevel.AllowedAdditions : PdfModificationLevel.None, []);
    }

    /// <summary>
    /// Where the signed revision starts: just after the end-of-file marker (and its end-of-line) of the revision
    /// before, found before the first object of the signed revision's cross-reference section; 0 when the signature
    /// is in the file's first revision. Null when the signed revision cannot be read.
    /// </summary>
    public long? RevisionStart()
    {
        var end = RevisionEnd;
        var data = _reader.Data;
        if (end > data.Length)
        {
            return null;
        }

        PdfReader revision;
        try
        {
            revision = end == data.Length ? _reader : _signed ??= PdfReader.Open(data[..(int)end]);
        }
        catch (PdfFormatException)
        {
            return null;
        }

        var first = (int)Math.Min(revision.NewestSectionFirstObject, end);
        var before = data.Span[..first];
        var marker = before.LastIndexOf("%%EOF"u8);
        if (marker < 0)
        {
            return 0;
        }

        var start = marker + 5;
        while (start < first && before[start] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t' or (byte)'\f' or 0)
        {
            start++;
        }

        return start;
    }

    /// <summary>The hash of both runs of the byte range.</summary>
    public byte[] HashRange(HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var data = _reader.Data.Span;
        var r = _range!;
        hash.AppendData(data.Slice((int)r[0], (int)r[1]));
        hash.AppendData(data.Slice((int)r[2], (int)r[3]));
        return hash.GetHashAndReset();
    }
}
