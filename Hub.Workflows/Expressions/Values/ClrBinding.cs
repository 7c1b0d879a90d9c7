using System.Collections;
using Hub.Workflows.Expressions.Types;

namespace Hub.Workflows.Expressions.Values;

/// <summary>Turns plain .NET values into CEL values and back, for callers that already hold typed data.</summary>
internal static class ClrBinding
{
    internal static CelValue ToCel(object? value) => value switch
    {
        null => NullValue.Instance,
        CelValue v => v,
        bool b => BoolValue.Of(b),
        int i => new IntValue(i),
        long l => new IntValue(l),
        uint u => new UintValue(u),
        ulong u => new UintValue(u),
        double d => new DoubleValue(d),
        float f => new DoubleValue(f),
        decimal m => new DoubleValue((double)m),
        string s => new StringValue(s),
        byte[] b => new BytesValue([.. b]),
        DateTimeOffset t => new TimestampValue((Int128)(t.UtcTicks - DateTime.UnixEpoch.Ticks) * 100),
        DateTime t => new TimestampValue((Int128)(t.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100),
        TimeSpan t => new DurationValue(t.Ticks * 100),
        IDictionary map => MapValue.Create(map.Cast<DictionaryEntry>().Select(e => new KeyValuePair<CelValue, CelValue>(ToCel(e.Key), ToCel(e.Value)))),
        IEnumerable list => new ListValue([.. list.Cast<object?>().Select(ToCel)]),
        _ => throw new ArgumentException($"values of type {value.GetType()} cannot be bound to a CEL expression", nameof(value)),
    };

    internal static object? ToClr(CelValue value) => value switch
    {
        NullValue => null,
        BoolValue b => b.Value,
        IntValue i => i.Value,
        UintValue u => u.Value,
        DoubleValue d => d.Value,
        StringValue s => s.Value,
        BytesValue b => b.Value.ToArray(),
        TimestampValue t => new DateTimeOffset(CelTime.ToDateTime(t.Nanos), TimeSpan.Zero),
        DurationValue d => TimeSpan.FromTicks(d.Nanos / 100),
        ListValue l => l.Elements.Select(ToClr).ToList(),
        MapValue m => m.Entries.ToDictionary(e => ToClr(e.Key)!, e => ToClr(e.Value)),
        TypeValue t => t.Value.RuntimeName,
        _ => null,
    };

    /// <summary>The declared type of a value bound from .NET, for the checker when no schema is given.</summary>
    internal static CelType TypeOf(CelValue value) => value.RuntimeType.Kind == CelKind.Error ? CelType.Dyn : value.RuntimeType;
}
