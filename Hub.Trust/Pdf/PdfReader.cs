namespace Hub.Trust.Pdf;

/// <summary>
/// Reads a PDF held in memory: its cross-reference chain (classic tables, xref streams, hybrid files, /Prev chains
/// of incremental updates and linearized files), objects (including those inside object streams), catalog, page tree
/// and form fields. Encrypted files and files broken beyond small, safe repairs are refused with a
/// <see cref="PdfFormatException"/>; every structure is checked when the reader opens.
/// </summary>
/// <remarks>
/// Repairs made, because each can be checked and cannot pick a wrong object: a <c>startxref</c> or <c>/Prev</c>
/// offset up to 8 bytes off from a section that is found exactly once in that window; an object offset up to 16 bytes
/// off from the exact <c>n g obj</c> header; xref table entries that are 19 or 21 bytes long or space-padded (entries
/// are read as tokens); a first subsection numbered 1 that starts with the free head entry <c>0000000000 65535 f</c>; a
/// stream whose <c>/Length</c> is wrong or missing, measured to its <c>endstream</c> keyword instead. Anything else —
/// rebuilding a lost xref by scanning for objects, guessing a catalog — is refused, because a seal must not be applied
/// to a document whose content the reader may have guessed.
/// </remarks>
internal sealed partial class PdfReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly PdfReaderOptions _options;
    private readonly Dictionary<int, CrossReferenceEntry> _entries = [];
    private readonly Dictionary<int, PdfObject> _cache = [];
    private readonly HashSet<int> _resolving = [];
    private readonly List<PdfDictionary> _trailers = [];
    private long _decodedBytes;

    private PdfReader(ReadOnlyMemory<byte> data, PdfReaderOptions options)
    {
        _data = data;
        _options = options;
    }

    /// <summary>The file's bytes, unchanged.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The newest trailer (for an xref stream, its dictionary).</summary>
    public PdfDictionary Trailer { get; private set; } = new();

    /// <summary>Byte offset of the newest cross-reference section: what the next update's <c>/Prev</c> must be.</summary>
    public long LastCrossReferenceOffset { get; private set; }

    /// <summary>
    /// The lowest byte offset of an object the newest cross-reference section lists (its own offset when it lists
    /// none): the newest revision's objects start here or later.
    /// </summary>
    public long NewestSectionFirstObject { get; private set; }

    /// <summary>The form of the newest cross-reference section; an update appends a section of the same kind.</summary>
    public PdfCrossReferenceKind CrossReferenceKind { get; private set; }

    /// <summary>The number of cross-reference sections in the chain (one per revision, two for linearized files).</summary>
    public int CrossReferenceSectionCount => _trailers.Count;

    /// <summary>One more than the highest object number in use (trailer <c>/Size</c>, raised if entries go beyond it).</summary>
    public int Size { get; private set; }

    /// <summary>The reference of the document catalog (trailer <c>/Root</c>).</summary>
    public PdfReference CatalogReference { get; private set; } = new(1, 0);

    /// <summary>The document catalog (ISO 32000-1 §7.7.2).</summary>
    public PdfDictionary Catalog { get; private set; } = new();

    /// <summary>
    /// Opens <paramref name="data"/>, which must stay unchanged while the reader is used (streams refer into it).
    /// </summary>
    /// <exception cref="PdfFormatException">The file is encrypted, malformed beyond safe repair, or over a limit.</exception>
    public static PdfReader Open(ReadOnlyMemory<byte> data, PdfReaderOptions? options = null)
    {
        var reader = new PdfReader(data, options ?? PdfReaderOptions.Default);
        reader.ReadHeader();
        reader.ReadCrossReferences();
        reader.RefuseEncryption();
        reader.ReadCatalog();
        reader.ReadPageTree();
        reader.ReadFormFields();
        return reader;
    }

    /// <summary>Reads the file at <paramref name="path"/> into memory and opens it.</summary>
    /// <inheritdoc cref="Open" path="/exception"/>
    public static async Task<PdfReader> OpenFileAsync(string path, PdfReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Open(bytes, options);
    }

    /// <summary>
    /// The object <paramref name="reference"/> points to; <see cref="PdfNull"/> when it is missing, free, or of
    /// another generation (ISO 32000-1 §7.3.10).
    /// </summary>
    public PdfObject GetObject(PdfReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return ResolveReference(reference);
    }

    /// <summary><paramref name="value"/> with indirect references followed; null stays null.</summary>
    public PdfObject? Resolve(PdfObject? value)
    {
        // A reference to a reference is legal but rare; following a bounded number of hops prevents loops.
        for (var hops = 0; value is PdfReference reference; hops++)
        {
            if (hops == 32)
            {
                ThrowHelper.Format($"Object {reference.ObjectNumber} {reference.Generation} R is a chain of more than 32 references.");
            }

            value = ResolveReference(reference);
        }

        return value is PdfNull ? null : value;
    }

    /// <summary>Whether the cross-reference chain lists <paramref name="reference"/> as an object in use.</summary>
    public bool Contains(PdfReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _entries.TryGetValue(reference.ObjectNumber, out var entry) && entry.Kind switch
        {
            CrossReferenceEntryKind.InFile => entry.Number == reference.Generation,
            CrossReferenceEntryKind.InObjectStream => reference.Generation == 0,
            _ => false,
        };
    }

    /// <summary>Whether the object is stored inside an object stream (so a replacement must be written as a plain object).</summary>
    internal bool IsInObjectStream(int objectNumber) =>
        _entries.TryGetValue(objectNumber, out var entry) && entry.Kind == CrossReferenceEntryKind.InObjectStream;

    /// <summary>The decoded bytes of <paramref name="stream"/> (FlateDecode with PNG predictors, ASCIIHexDecode).</summary>
    /// <exception cref="PdfFormatException">A filter is unsupported, the data is corrupt, or a size limit is hit.</exception>
    public byte[] DecodeStream(PdfStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Decode(stream, "stream");
    }

    /// <summary>
    /// <see cref="DecodeStream(PdfStream)"/> with a tighter per-stream cap, e.g. for embedded files whose expected size
    /// is small; the bytes still count toward the reader's total.
    /// </summary>
    /// <exception cref="PdfFormatException">A filter is unsupported, the data is corrupt, or a size limit is hit.</exception>
    public byte[] DecodeStream(PdfStream stream, int maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Decode(stream, what, Math.Min(maxBytes, _options.MaxDecodedStreamBytes));
    }

    private byte[] Decode(PdfStream stream, string what, int? maxBytes = null)
    {
        var decoded = PdfStreamDecoder.Decode(stream, Resolve, maxBytes ?? _options.MaxDecodedStreamBytes, what);
        _decodedBytes += decoded.Length;
        if (_decodedBytes > _options.MaxTotalDecodedBytes)
        {
            ThrowHelper.Format($"PDF streams decode to more than the reader limit MaxTotalDecodedBytes ({_options.MaxTotalDecodedBytes} bytes).");
        }

        return decoded;
    }

    private void ReadHeader()
    {
        // §7.5.2: the header is the first line; tolerating junk before it (up to 1 KB) follows common readers.
        var head = _data.Span[..Math.Min(_data.Length, 1024)];
        if (head.IndexOf("%PDF-"u8) < 0)
        {
            ThrowHelper.Format("Not a PDF: no '%PDF-' header in the first 1024 bytes.");
        }
    }

    private void RefuseEncryption()
    {
        if (_trailers.Any(t => t.ContainsKey("Encrypt")))
        {
            ThrowHelper.Format("PDF is encrypted (/Encrypt in the trailer); encrypted PDFs are refused (ISO 32000-1 §7.6).");
        }
    }

    private void ReadCatalog()
    {
        var root = _trailers.Select(t => t["Root"]).FirstOrDefault(r => r is not null);
        if (root is not PdfReference reference)
        {
            ThrowHelper.Format(root is null
                ? "PDF trailer has no /Root entry (ISO 32000-1 §7.5.5)."
                : "PDF trailer /Root is not an indirect reference (ISO 32000-1 §7.5.5).");
            return;
        }

        CatalogReference = reference;
        Catalog = GetObject(reference) as PdfDictionary
            ?? ThrowHelper.Format<PdfDictionary>($"PDF trailer /Root {reference.ObjectNumber} {reference.Generation} R is not a catalog dictionary.");
    }
}
