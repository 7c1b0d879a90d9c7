using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Hub.Workflows.Definitions.Inputs;

/// <summary>The <c>pattern</c> keyword's regular expressions: ECMAScript dialect (JSON Schema 2020-12 §6.4; .NET's
/// <see cref="RegexOptions.ECMAScript"/>), never anchored implicitly, and matched under a timeout so a catastrophic
/// pattern (<c>^(a+)+$</c>) refuses its value instead of holding the node.</summary>
internal static class InputPatterns
{
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<(string, TimeSpan), Regex> Cache = new();

    /// <summary>Why <paramref name="pattern"/> cannot be used, or null when it compiles.</summary>
    public static string? Problem(string pattern)
    {
        try
        {
            _ = Compile(pattern, InputLimits.Default.PatternTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>True when the pattern matches somewhere in <paramref name="value"/>; null when matching ran out of time.</summary>
    public static bool? Matches(string pattern, string value, TimeSpan timeout)
    {
        try
        {
            return Compile(pattern, timeout).IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static Regex Compile(string pattern, TimeSpan timeout)
    {
        if (Cache.TryGetValue((pattern, timeout), out var cached))
        {
            return cached;
        }

        var regex = new Regex(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, timeout);
        // Definitions are few; the bound only keeps a stream of distinct hostile patterns from growing the cache.
        if (Cache.Count < MaxCached)
        {
            Cache.TryAdd((pattern, timeout), regex);
        }

        return regex;
    }
}
