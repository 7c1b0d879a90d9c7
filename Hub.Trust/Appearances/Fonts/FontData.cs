using System.Buffers.Binary;

namespace Hub.Trust.Appearances.Fonts;

/// <summary>
/// Bounds-checked big-endian reads over font bytes (OpenType §"Data types"): every read that would leave the data
/// throws, so a hostile font fails with a message instead of an index exception.
/// </summary>
internal readonly struct FontData(ReadOnlyMemory<byte> bytes, string what)
{
    public int Length => bytes.Length;

    public ushort UInt16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Slice(offset, 2));

    public short Int16(int offset) => BinaryPrimitives.ReadInt16BigEndian(Slice(offset, 2));

    public uint UInt32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Slice(offset, 4));

    public byte UInt8(int offset) => Slice(offset, 1)[0];

    /// <summary>A 32-bit offset or length that must fit the data; larger values are hostile.</summary>
    public int Offset32(int offset)
    {
        var value = UInt32(offset);
        if (value > int.MaxValue)
        {
            throw new InvalidDataException($"The {what} has an offset or length of {value}, beyond any font.");
        }

        return (int)value;
    }

    public FontData Sub(int offset, int length, string name)
    {
        Check(offset, length, name);
        return new FontData(bytes.Slice(offset, length), name);
    }

    public ReadOnlySpan<byte> Slice(int offset, int length)
    {
        Check(offset, length, what);
        return bytes.Span.Slice(offset, length);
    }

    private void Check(int offset, int length, string name)
    {
        if (offset < 0 || length < 0 || (long)offset + length > bytes.Length)
        {
            throw new InvalidDataException($"The {name} is truncated: {length} bytes at offset {offset} lie beyond its {bytes.Length} bytes.");
        }
    }
}
