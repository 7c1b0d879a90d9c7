using System.Collections;

namespace Hub.Trust.Pdf;

/// <summary>A PDF array (ISO 32000-1 §7.3.6).</summary>
internal sealed class PdfArray : PdfObject, IReadOnlyList<PdfObject>
{
    private readonly List<PdfObject> _items;

    /// <summary>Creates an array holding <paramref name="items"/>.</summary>
    public PdfArray(IEnumerable<PdfObject> items) => _items = [.. items];

    /// <summary>Creates an empty array.</summary>
    public PdfArray() => _items = [];

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public PdfObject this[int index] => _items[index];

    /// <summary>Appends <paramref name="item"/>.</summary>
    public void Add(PdfObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add(item);
    }

    /// <summary>A shallow copy, for building a replacement of an object the reader returned.</summary>
    public PdfArray Clone() => new(_items);

    /// <inheritdoc/>
    public IEnumerator<PdfObject> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override void WriteTo(PdfSyntaxWriter writer)
    {
        writer.WriteDelimiter((byte)'[');
        foreach (var item in _items)
        {
            item.WriteTo(writer);
        }

        writer.WriteDelimiter((byte)']');
    }
}
