using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Evaluation;

/// <summary>Receiver-style functions: string predicates, <c>size()</c> and the timestamp/duration accessors
/// (langdef "Timestamp and duration functions": months, days of month/year are 0-based, getDate is 1-based).</summary>
internal static partial class StandardFunctions
{
    private static CelValue Method(Evaluator ev, string function, CelValue target, CelValue[] args, RegexCache regexes)
    {
        switch (function, target, args)
        {
            case ("size", _, []):
                return SizeOf(target);
            case ("contains" or "startsWith" or "endsWith", StringValue s, [StringValue p]):
                ev.ChargeSize(s.Value.Length);
                return BoolValue.Of(function switch
                {
                    "contains" => s.Value.Contains(p.Value, StringComparison.Ordinal),
                    "startsWith" => s.Value.StartsWith(p.Value, StringComparison.Ordinal),
                    _ => s.Value.EndsWith(p.Value, StringComparison.Ordinal),
                });
            case ("matches", StringValue s, [StringValue p]):
                ev.ChargeSize(s.Value.Length + p.Value.Length);
                return regexes.Get(p.Value) is { } regex
                    ? BoolValue.Of(regex.Regex!.IsMatch(s.Value))
                    : new ErrorValue(regexes.Problem(p.Value));
            case (_, TimestampValue t, []):
                return TimestampPart(function, t, TimeSpan.Zero);
            case (_, TimestampValue t, [StringValue zone]):
                return CelTime.Offset(zone.Value, CelTime.ToDateTime(t.Nanos)) is { } offset
                    ? TimestampPart(function, t, offset)
                    : new ErrorValue($"unknown time zone '{zone.Value}'");
            case (_, DurationValue d, []):
                return function switch
                {
                    "getHours" => new IntValue(d.Nanos / (3600 * CelTime.NanosPerSecond)),
                    "getMinutes" => new IntValue(d.Nanos / (60 * CelTime.NanosPerSecond)),
                    "getSeconds" => new IntValue(d.Nanos / CelTime.NanosPerSecond),
                    "getMilliseconds" => new IntValue(d.Nanos / 1_000_000 % 1000),
                    _ => NoMethod(function, target, args),
                };
            default:
                return NoMethod(function, target, args);
        }
    }

    private static CelValue NoMethod(string function, CelValue target, CelValue[] args) =>
        new ErrorValue($"no such overload: {target.RuntimeType}.{function}({string.Join(", ", args.Select(a => a.RuntimeType.ToString()))})");

    private static CelValue TimestampPart(string function, TimestampValue t, TimeSpan offset)
    {
        var local = CelTime.ToDateTime(t.Nanos);
        var shifted = local.Ticks + offset.Ticks;
        if (shifted < DateTime.MinValue.Ticks || shifted > DateTime.MaxValue.Ticks)
        {
            return new ErrorValue("timestamp out of range in that time zone");
        }

        local = local.Add(offset);
        var nanosOfSecond = (long)(t.Nanos - (CelTime.FloorDiv(t.Nanos, CelTime.NanosPerSecond) * CelTime.NanosPerSecond));
        return function switch
        {
            "getFullYear" => new IntValue(local.Year),
            "getMonth" => new IntValue(local.Month - 1),
            "getDayOfYear" => new IntValue(local.DayOfYear - 1),
            "getDayOfMonth" => new IntValue(local.Day - 1),
            "getDate" => new IntValue(local.Day),
            "getDayOfWeek" => new IntValue((int)local.DayOfWeek),
            "getHours" => new IntValue(local.Hour),
            "getMinutes" => new IntValue(local.Minute),
            "getSeconds" => new IntValue(local.Second),
            "getMilliseconds" => new IntValue(nanosOfSecond / 1_000_000),
            _ => NoMethod(function, t, []),
        };
    }
}
