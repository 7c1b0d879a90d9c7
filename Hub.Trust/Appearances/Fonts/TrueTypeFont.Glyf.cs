namespace Hub.Trust.Appearances.Fonts;

/// <summary>Glyph data (OpenType 'glyf'): simple glyphs' flag-compressed points and composites' transformed components.</summary>
internal sealed partial class TrueTypeFont
{
    private const byte OnCurvePoint = 0x01;
    private const byte XShortVector = 0x02;
    private const byte YShortVector = 0x04;
    private const byte RepeatFlag = 0x08;
    private const byte XIsSameOrPositive = 0x10;
    private const byte YIsSameOrPositive = 0x20;

    private const ushort Arg1And2AreWords = 0x0001;
    private const ushort ArgsAreXyValues = 0x0002;
    private const ushort WeHaveAScale = 0x0008;
    private const ushort MoreComponents = 0x0020;
    private const ushort WeHaveAnXAndYScale = 0x0040;
    private const ushort WeHaveATwoByTwo = 0x0080;

    /// <summary>Whether the glyph is a composite of other glyphs (negative contour count).</summary>
    public bool IsComposite(int glyph)
    {
        CheckGlyph(glyph);
        var (offset, length) = GlyphRange(glyph);
        return length > 0 && _glyf.Int16(offset) < 0;
    }

    /// <summary>The glyphs a composite glyph is built from (none for a simple glyph), each with where its index lies in
    /// <see cref="GlyphRecord"/>, read without resolving them.</summary>
    public IReadOnlyList<(int Offset, int Glyph)> Components(int glyph)
    {
        CheckGlyph(glyph);
        var (offset, length) = GlyphRange(glyph);
        if (length == 0)
        {
            return [];
        }

        var data = _glyf.Sub(offset, length, $"glyph {glyph}");
        if (data.Int16(0) >= 0)
        {
            return [];
        }

        var components = new List<(int, int)>();
        var at = 10;
        ushort flags;
        do
        {
            flags = data.UInt16(at);
            components.Add((at + 2, data.UInt16(at + 2)));
            at += 4 + ((flags & Arg1And2AreWords) != 0 ? 4 : 2);
            at += (flags & WeHaveAScale) != 0 ? 2 : (flags & WeHaveAnXAndYScale) != 0 ? 4 : (flags & WeHaveATwoByTwo) != 0 ? 8 : 0;
        }
        while ((flags & MoreComponents) != 0);

        return components;
    }

    private (int Offset, int Length) GlyphRange(int glyph)
    {
        int start, end;
        if (_longOffsets)
        {
            start = _loca.Offset32(4 * glyph);
            end = _loca.Offset32(4 * (glyph + 1));
        }
        else
        {
            // Short loca offsets are stored halved (OpenType 'loca').
            start = _loca.UInt16(2 * glyph) * 2;
            end = _loca.UInt16(2 * (glyph + 1)) * 2;
        }

        if (end < start)
        {
            throw new InvalidDataException($"The font's 'loca' entry for glyph {glyph} runs backwards ({start} > {end}).");
        }

        return (start, end - start);
    }

    private void AppendGlyph(int glyph, Transform transform, List<GlyphPoint[]> contours, int depth)
    {
        if (depth > MaxCompositeDepth)
        {
            throw new InvalidDataException($"The font's composite glyphs nest deeper than {MaxCompositeDepth} levels at glyph {glyph}.");
        }

        CheckGlyph(glyph);
        var (offset, length) = GlyphRange(glyph);
        if (length == 0)
        {
            return;
        }

        var data = _glyf.Sub(offset, length, $"glyph {glyph}");
        var contourCount = data.Int16(0);
        if (contourCount >= 0)
        {
            AppendSimple(data, contourCount, glyph, transform, contours);
        }
        else
        {
            AppendComposite(data, glyph, transform, contours, depth);
        }

        if (contours.Sum(c => c.Length) > MaxPointsPerGlyph)
        {
            throw new InvalidDataException($"Glyph {glyph} expands to more than {MaxPointsPerGlyph} points.");
        }
    }

    private static void AppendSimple(FontData data, int contourCount, int glyph, Transform transform, List<GlyphPoint[]> contours)
    {
        var endPoints = new int[contourCount];
        var previous = -1;
        for (var i = 0; i < contourCount; i++)
        {
            endPoints[i] = data.UInt16(10 + (2 * i));
            if (endPoints[i] <= previous)
            {
                throw new InvalidDataException($"Glyph {glyph} has contour end points out of order ({endPoints[i]} after {previous}).");
            }

            previous = endPoints[i];
        }

        var pointCount = contourCount == 0 ? 0 : endPoints[^1] + 1;
        var at = 10 + (2 * contourCount);
        at += 2 + data.UInt16(at);

        var flags = new byte[pointCount];
        for (var i = 0; i < pointCount;)
        {
            var flag = data.UInt8(at++);
            flags[i++] = flag;
            if ((flag & RepeatFlag) != 0)
            {
                var repeat = data.UInt8(at++);
                if (i + repeat > pointCount)
                {
                    throw new InvalidDataException($"Glyph {glyph} repeats a flag beyond its {pointCount} points.");
                }

                for (var r = 0; r < repeat; r++)
                {
                    flags[i++] = flag;
                }
            }
        }

        var xs = ReadCoordinates(data, flags, ref at, XShortVector, XIsSameOrPositive);
        var ys = ReadCoordinates(data, flags, ref at, YShortVector, YIsSameOrPositive);
        var first = 0;
        foreach (var last in endPoints)
        {
            var contour = new GlyphPoint[last - first + 1];
            for (var i = first; i <= last; i++)
            {
                var (x, y) = transform.Apply(xs[i], ys[i]);
                contour[i - first] = new GlyphPoint(x, y, (flags[i] & OnCurvePoint) != 0);
            }

            contours.Add(contour);
            first = last + 1;
        }
    }

    private static int[] ReadCoordinates(FontData data, byte[] flags, ref int at, byte shortBit, byte sameOrPositiveBit)
    {
        var values = new int[flags.Length];
        var value = 0;
        for (var i = 0; i < flags.Length; i++)
        {
            var flag = flags[i];
            if ((flag & shortBit) != 0)
            {
                var delta = data.UInt8(at++);
                value += (flag & sameOrPositiveBit) != 0 ? delta : -delta;
            }
            else if ((flag & sameOrPositiveBit) == 0)
            {
                value += data.Int16(at);
                at += 2;
            }

            values[i] = value;
        }

        return values;
    }

    private void AppendComposite(FontData data, int glyph, Transform transform, List<GlyphPoint[]> contours, int depth)
    {
        var at = 10;
        ushort flags;
        do
        {
            flags = data.UInt16(at);
            var component = data.UInt16(at + 2);
            at += 4;
            int arg1, arg2;
            if ((flags & Arg1And2AreWords) != 0)
            {
                arg1 = data.Int16(at);
                arg2 = data.Int16(at + 2);
                at += 4;
            }
            else
            {
                arg1 = (sbyte)data.UInt8(at);
                arg2 = (sbyte)data.UInt8(at + 1);
                at += 2;
            }

            double a = 1, b = 0, c = 0, d = 1;
            if ((flags & WeHaveAScale) != 0)
            {
                a = d = F2Dot14(data, at);
                at += 2;
            }
            else if ((flags & WeHaveAnXAndYScale) != 0)
            {
                a = F2Dot14(data, at);
                d = F2Dot14(data, at + 2);
                at += 4;
            }
            else if ((flags & WeHaveATwoByTwo) != 0)
            {
                a = F2Dot14(data, at);
                b = F2Dot14(data, at + 2);
                c = F2Dot14(data, at + 4);
                d = F2Dot14(data, at + 6);
                at += 8;
            }

            if (component == glyph)
            {
                throw new InvalidDataException($"Composite glyph {glyph} refers to itself.");
            }

            var componentContours = new List<GlyphPoint[]>();
            AppendGlyph(component, new Transform(a, b, c, d, 0, 0), componentContours, depth + 1);
            double dx, dy;
            if ((flags & ArgsAreXyValues) != 0)
            {
                (dx, dy) = (arg1, arg2);
            }
            else
            {
                // Point matching: component point arg2 lands on the parent's point arg1 (OpenType 'glyf', composite description).
                var parent = PointAt(contours, arg1, glyph);
                var child = PointAt(componentContours, arg2, glyph);
                var (px, py) = transform.Invert(parent.X, parent.Y);
                (dx, dy) = (px - child.X, py - child.Y);
            }

            var placed = transform.Then(dx, dy);
            foreach (var contour in componentContours)
            {
                contours.Add([.. contour.Select(p =>
                {
                    var (x, y) = placed.Apply(p.X, p.Y);
                    return new GlyphPoint(x, y, p.OnCurve);
                })]);
            }
        }
        while ((flags & MoreComponents) != 0);
    }

    private static GlyphPoint PointAt(List<GlyphPoint[]> contours, int index, int glyph)
    {
        foreach (var contour in contours)
        {
            if ((uint)index < (uint)contour.Length)
            {
                return contour[index];
            }

            index -= contour.Length;
        }

        throw new InvalidDataException($"Composite glyph {glyph} matches a point that does not exist.");
    }

    private static double F2Dot14(FontData data, int at) => data.Int16(at) / 16384.0;
}
