using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions;

/// <summary>The outcome of one evaluation: a value, or the CEL error it ended in (division by zero, no such key,
/// integer overflow, cost limit exceeded …).</summary>
public sealed class CelEvaluationResult
{
    internal CelEvaluationResult(CelValue value, long cost)
    {
        Raw = value;
        Cost = cost;
    }

    /// <summary>True when evaluation ended in an error; <see cref="Error"/> says which.</summary>
    public bool IsError => Raw is ErrorValue;

    /// <summary>The error message, or null on success.</summary>
    public string? Error => (Raw as ErrorValue)?.Message;

    /// <summary>The value as .NET data: long (int), ulong (uint), double, bool, string, byte[], null,
    /// <see cref="DateTimeOffset"/> (timestamp, to 100 ns), <see cref="TimeSpan"/> (duration), a list of such values,
    /// a dictionary for maps, or a type name as string. Null on error.</summary>
    public object? Value => IsError ? null : ClrBinding.ToClr(Raw);

    /// <summary>True only when the evaluation produced the boolean <c>true</c>: the test a condition needs.</summary>
    public bool IsTrue => Raw is BoolValue { Value: true };

    /// <summary>The steps this evaluation used, against <see cref="CelLimits.MaxCost"/>.</summary>
    public long Cost { get; }

    internal CelValue Raw { get; }

    /// <summary>The value in CEL notation, or <c>error(message)</c>.</summary>
    public override string ToString() => ValueFormatter.Format(Raw);
}
