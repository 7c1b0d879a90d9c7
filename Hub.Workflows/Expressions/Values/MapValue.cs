using Hub.Workflows.Expressions.Types;

namespace Hub.Workflows.Expressions.Values;

/// <summary>A CEL map. Keys are int, uint, bool or string; int and uint keys that are numerically equal are the
/// same key (langdef "Numbers": heterogeneous equality), so lookups go through a normalised <see cref="MapKey"/>.</summary>
internal sealed class MapValue : CelValue
{
    internal static readonly MapValue Empty = new([], new Dictionary<MapKey, CelValue>());

    private readonly Dictionary<MapKey, CelValue> lookup;

    private MapValue(IReadOnlyList<KeyValuePair<CelValue, CelValue>> entries, Dictionary<MapKey, CelValue> lookup)
    {
        Entries = entries;
        this.lookup = lookup;
    }

    internal IReadOnlyList<KeyValuePair<CelValue, CelValue>> Entries { get; }
    internal int Count => Entries.Count;
    internal override CelType RuntimeType => CelType.MapOf(CelType.Dyn, CelType.Dyn);

    /// <summary>Builds a map; the result is an error for an unsupported key type or a repeated key.</summary>
    internal static CelValue Create(IEnumerable<KeyValuePair<CelValue, CelValue>> entries)
    {
        var list = new List<KeyValuePair<CelValue, CelValue>>();
        var lookup = new Dictionary<MapKey, CelValue>();
        foreach (var entry in entries)
        {
            if (MapKey.From(entry.Key) is not { } key)
            {
                return new ErrorValue($"unsupported key type: {entry.Key.RuntimeType}");
            }

            if (!lookup.TryAdd(key, entry.Value))
            {
                return new ErrorValue($"Failed with repeated key: {ValueFormatter.Format(entry.Key)}");
            }

            list.Add(entry);
        }

        return new MapValue(list, lookup);
    }

    /// <summary>Looks a key up; a double key finds an int/uint key when it has an exact integral value.</summary>
    internal bool TryGet(CelValue key, out CelValue value)
    {
        value = NullValue.Instance;
        return MapKey.ForLookup(key) is { } k && lookup.TryGetValue(k, out value!);
    }
}

internal readonly record struct MapKey(int Kind, Int128 Number, string? Text)
{
    internal static MapKey? From(CelValue value) => value switch
    {
        BoolValue b => new MapKey(0, b.Value ? 1 : 0, null),
        IntValue i => new MapKey(1, i.Value, null),
        UintValue u => new MapKey(1, u.Value, null),
        StringValue s => new MapKey(2, 0, s.Value),
        _ => null,
    };

    internal static MapKey? ForLookup(CelValue value) => value switch
    {
        DoubleValue d when double.IsFinite(d.Value) && Math.Floor(d.Value) == d.Value
            && d.Value >= -9.3e18 && d.Value <= 1.85e19 => new MapKey(1, (Int128)d.Value, null),
        _ => From(value),
    };
}
