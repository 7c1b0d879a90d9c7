using System.Collections;

namespace Hub.Trust.Pdf;

/// <summary>A PDF dictionary (ISO 32000-1 §7.3.7), keyed by name value without the slash; key order is kept.</summary>
internal sealed class PdfDictionary : PdfObject, IEnumerable<KeyValuePair<string, PdfObject>>
{
    private readonly OrderedDictionary<string, PdfObject> _entries;

    /// <summary>Creates an empty dictionary.</summary>
    public PdfDictionary() => _entries = new(StringComparer.Ordinal);

    private PdfDictionary(OrderedDictionary<string, PdfObject> entries) => _entries = new(entries, StringComparer.Ordinal);

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The keys, in order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>The value under <paramref name="key"/>, or null when absent (a PDF null value counts as absent, §7.3.7).</summary>
    public PdfObject? this[string key] =>
        _entries.TryGetValue(key, out var value) && value is not PdfNull ? value : null;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, replacing any earlier value.</summary>
    public PdfDictionary Set(string key, PdfObject value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _entries[key] = value;
        return this;
    }

    /// <summary>Removes <paramref name="key"/>; returns whether it was present.</summary>
    public bool Remove(string key) => _entries.Remove(key);

    /// <summary>Whether <paramref name="key"/> is present with a non-null value.</summary>
    public bool ContainsKey(string key) => this[key] is not null;

    /// <summary>The value under <paramref name="key"/> when it is a name, else null.</summary>
    public string? GetName(string key) => (this[key] as PdfName)?.Value;

    /// <summary>A shallow copy, for building a replacement of an object the reader returned.</summary>
    public PdfDictionary Clone() => new(_entries);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, PdfObject>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override void WriteTo(PdfSyntaxWriter writer)
    {
        writer.WriteDelimiter("<<"u8);
        foreach (var (key, value) in _entries)
        {
            new PdfName(key).WriteTo(writer);
            value.WriteTo(writer);
        }

        writer.WriteDelimiter(">>"u8);
    }
}
