using Hub.Workflows.Expressions.Types;

namespace Hub.Workflows.Expressions.Values;

/// <summary>A runtime CEL value. Errors are values too, so they can flow through
/// <c>&amp;&amp;</c>/<c>||</c> and comprehensions as the CEL spec requires (langdef "Logical operators").</summary>
internal abstract class CelValue
{
    internal abstract CelType RuntimeType { get; }

    internal bool IsError => this is ErrorValue;
}

internal sealed class IntValue(long value) : CelValue
{
    internal long Value { get; } = value;
    internal override CelType RuntimeType => CelType.Int;
}

internal sealed class UintValue(ulong value) : CelValue
{
    internal ulong Value { get; } = value;
    internal override CelType RuntimeType => CelType.Uint;
}

internal sealed class DoubleValue(double value) : CelValue
{
    internal double Value { get; } = value;
    internal override CelType RuntimeType => CelType.Double;
}

internal sealed class BoolValue : CelValue
{
    internal static readonly BoolValue True = new(true);
    internal static readonly BoolValue False = new(false);

    private BoolValue(bool value) => Value = value;

    internal bool Value { get; }
    internal override CelType RuntimeType => CelType.Bool;

    internal static BoolValue Of(bool value) => value ? True : False;
}

internal sealed class StringValue(string value) : CelValue
{
    internal string Value { get; } = value;
    internal override CelType RuntimeType => CelType.String;
}

internal sealed class BytesValue(byte[] value) : CelValue
{
    /// <summary>Never mutated after construction.</summary>
    internal byte[] Value { get; } = value;
    internal override CelType RuntimeType => CelType.Bytes;
}

internal sealed class NullValue : CelValue
{
    internal static readonly NullValue Instance = new();

    private NullValue()
    {
    }

    internal override CelType RuntimeType => CelType.Null;
}

internal sealed class ListValue(IReadOnlyList<CelValue> elements) : CelValue
{
    internal static readonly ListValue Empty = new([]);

    internal IReadOnlyList<CelValue> Elements { get; } = elements;
    internal override CelType RuntimeType => CelType.ListOf(CelType.Dyn);
}

/// <summary>A point in time with nanosecond precision, kept as nanoseconds since the Unix epoch.</summary>
internal sealed class TimestampValue(Int128 nanos) : CelValue
{
    internal Int128 Nanos { get; } = nanos;
    internal override CelType RuntimeType => CelType.Timestamp;
}

/// <summary>A signed span in nanoseconds; int64 nanoseconds give CEL's ±290 years (langdef "Timestamps and durations").</summary>
internal sealed class DurationValue(long nanos) : CelValue
{
    internal long Nanos { get; } = nanos;
    internal override CelType RuntimeType => CelType.Duration;
}

internal sealed class TypeValue(CelType type) : CelValue
{
    internal CelType Value { get; } = type;
    internal override CelType RuntimeType => CelType.TypeOf(Value);
}

internal sealed class ErrorValue(string message) : CelValue
{
    internal string Message { get; } = message;
    internal override CelType RuntimeType => CelType.Error;

    internal static ErrorValue NoOverload(string function, params CelValue[] args) =>
        new($"no such overload: {function}({string.Join(", ", args.Select(a => a.RuntimeType.ToString()))})");
}
