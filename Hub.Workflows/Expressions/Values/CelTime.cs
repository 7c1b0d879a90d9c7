using System.Globalization;
using System.Text.RegularExpressions;

namespace Hub.Workflows.Expressions.Values;

/// <summary>Timestamps (RFC 3339 §5.6, years 0001–9999 as google.protobuf.Timestamp allows) and durations
/// (Go-style <c>1h30m</c>, <c>1.5s</c>, <c>-999999999ns</c>, as CEL's <c>duration()</c> accepts).</summary>
internal static partial class CelTime
{
    internal const long NanosPerSecond = 1_000_000_000;
    internal static readonly Int128 MinTimestamp = (Int128)(-62135596800L) * NanosPerSecond;
    internal static readonly Int128 MaxTimestamp = ((Int128)253402300799L * NanosPerSecond) + 999_999_999;

    internal static bool InRange(Int128 nanos) => nanos >= MinTimestamp && nanos <= MaxTimestamp;

    internal static CelValue Timestamp(Int128 nanos) =>
        InRange(nanos) ? new TimestampValue(nanos) : new ErrorValue("timestamp out of range");

    internal static CelValue ParseTimestamp(string text)
    {
        var m = Rfc3339().Match(text);
        if (!m.Success)
        {
            return new ErrorValue($"cannot parse '{text}' as an RFC 3339 timestamp");
        }

        int G(int i) => int.Parse(m.Groups[i].ValueSpan, CultureInfo.InvariantCulture);
        var year = G(1);
        if (year < 1)
        {
            return new ErrorValue($"timestamp '{text}' out of range");
        }

        DateTime date;
        try
        {
            date = new DateTime(year, G(2), G(3), G(4), G(5), G(6), DateTimeKind.Utc);
        }
        catch (ArgumentOutOfRangeException)
        {
            return new ErrorValue($"cannot parse '{text}' as an RFC 3339 timestamp: invalid date or time");
        }

        var fraction = m.Groups[7].Success ? m.Groups[7].Value[1..].PadRight(9, '0') : "0";
        var nanos = ((Int128)(date - DateTime.UnixEpoch).Ticks * 100) + long.Parse(fraction, CultureInfo.InvariantCulture);
        var zone = m.Groups[8].Value;
        if (zone is not ("Z" or "z"))
        {
            var offset = (int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture) * 60)
                + int.Parse(zone.AsSpan(4, 2), CultureInfo.InvariantCulture);
            nanos -= (zone[0] == '-' ? -offset : offset) * 60L * NanosPerSecond;
        }

        return InRange(nanos) ? new TimestampValue(nanos) : new ErrorValue($"timestamp '{text}' out of range");
    }

    internal static DateTime ToDateTime(Int128 nanos) =>
        DateTime.UnixEpoch.AddTicks((long)FloorDiv(nanos, 100));

    internal static string FormatTimestamp(Int128 nanos)
    {
        var seconds = FloorDiv(nanos, NanosPerSecond);
        var fraction = (long)(nanos - (seconds * NanosPerSecond));
        var date = DateTime.UnixEpoch.AddSeconds((double)seconds);
        var text = date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction == 0 ? text + "Z" : $"{text}.{fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0')}Z";
    }

    internal static string FormatDuration(long nanos)
    {
        var sign = nanos < 0 ? "-" : "";
        var magnitude = nanos < 0 ? -(Int128)nanos : nanos;
        var seconds = magnitude / NanosPerSecond;
        var fraction = (long)(magnitude % NanosPerSecond);
        return fraction == 0
            ? $"{sign}{seconds}s"
            : $"{sign}{seconds}.{fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0')}s";
    }

    /// <summary>Parses a Go-style duration; a sum outside int64 nanoseconds is a range error.</summary>
    internal static CelValue ParseDuration(string text)
    {
        var s = text;
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return new DurationValue(0);
        }

        var parts = DurationPart().Matches(s);
        if (s.Length == 0 || parts.Sum(p => p.Length) != s.Length)
        {
            return new ErrorValue($"cannot parse '{text}' as a duration");
        }

        decimal total = 0;
        foreach (Match part in parts)
        {
            if (!decimal.TryParse(part.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || part.Groups[1].Value == ".")
            {
                return new ErrorValue($"cannot parse '{text}' as a duration");
            }

            decimal unit = part.Groups[2].Value switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => 0m,
            };
            if (unit == 0m || amount > 1e12m)
            {
                return unit == 0m ? new ErrorValue($"unknown unit in duration '{text}'") : new ErrorValue("duration out of range");
            }

            total += amount * unit;
        }

        total = decimal.Truncate(negative ? -total : total);
        return total < long.MinValue || total > long.MaxValue
            ? new ErrorValue("duration out of range")
            : new DurationValue((long)total);
    }

    /// <summary>The UTC offset of a time zone at an instant: an IANA name (tz database) or a fixed [+-]HH:MM.</summary>
    internal static TimeSpan? Offset(string zone, DateTime utc)
    {
        var m = FixedOffset().Match(zone);
        if (m.Success)
        {
            var span = new TimeSpan(int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[3].ValueSpan, CultureInfo.InvariantCulture), 0);
            return m.Groups[1].Value == "-" ? -span : span;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone).GetUtcOffset(utc);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    internal static Int128 FloorDiv(Int128 a, Int128 b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"([0-9]*\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"^([+-]?)(\d{2}):(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex FixedOffset();
}
