namespace Hub.Trust.Pdf;

/// <summary>An indirect reference <c>n g R</c> (ISO 32000-1 §7.3.10).</summary>
internal sealed class PdfReference(int objectNumber, int generation) : PdfObject, IEquatable<PdfReference>
{
    /// <summary>The object number, at least 1.</summary>
    public int ObjectNumber { get; } = objectNumber;

    /// <summary>The generation number.</summary>
    public int Generation { get; } = generation;

    /// <inheritdoc/>
    public bool Equals(PdfReference? other) =>
        other is not null && other.ObjectNumber == ObjectNumber && other.Generation == Generation;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PdfReference);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ObjectNumber, Generation);

    internal override void WriteTo(PdfSyntaxWriter writer)
    {
        writer.WriteInteger(ObjectNumber);
        writer.WriteInteger(Generation);
        writer.WriteToken("R"u8);
    }
}
