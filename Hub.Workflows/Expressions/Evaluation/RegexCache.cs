using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Hub.Workflows.Expressions.Evaluation;

/// <summary>Compiles <c>matches()</c> patterns with .NET's non-backtracking engine, which runs in time linear in the
/// input like RE2 (the engine CEL specifies). Constructs that need backtracking (backreferences, lookaround, atomic
/// groups, conditionals) are refused by that engine; RE2-only syntax (<c>\C</c>, <c>\Q…\E</c>, <c>(?U)</c>,
/// <c>\pN</c>) is refused here rather than misread. Shared by all evaluations of one compiled expression.</summary>
internal sealed class RegexCache(int maxPatternLength)
{
    private const int MaxEntries = 64;
    private static readonly string[] Re2Only = [@"\C", @"\Q", @"\E", "(?U", "(?P="];

    private readonly ConcurrentDictionary<string, Entry> cache = new(StringComparer.Ordinal);

    internal Entry? Get(string pattern)
    {
        var entry = cache.TryGetValue(pattern, out var cached) ? cached : Compile(pattern, maxPatternLength);
        if (cached is null && cache.Count < MaxEntries)
        {
            cache.TryAdd(pattern, entry);
        }

        return entry.Regex is null ? null : entry;
    }

    internal string Problem(string pattern) =>
        (cache.TryGetValue(pattern, out var e) ? e : Compile(pattern, maxPatternLength)).Problem ?? "invalid pattern";

    internal static Entry Compile(string pattern, int maxPatternLength)
    {
        if (pattern.Length > maxPatternLength)
        {
            return new Entry(null, $"regular expression is longer than the limit of {maxPatternLength} characters");
        }

        if (Re2Only.FirstOrDefault(pattern.Contains) is { } construct)
        {
            return new Entry(null, $"unsupported regular expression construct '{construct}'");
        }

        for (var i = 0; i + 2 < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && pattern[i + 1] is 'p' or 'P' && pattern[i + 2] != '{')
            {
                return new Entry(null, $"unsupported regular expression construct '\\{pattern[i + 1]}{pattern[i + 2]}': write \\{pattern[i + 1]}{{…}}");
            }

            if (pattern[i] == '\\')
            {
                i++;
            }
        }

        try
        {
            // RE2's (?P<name>…) is .NET's (?<name>…).
            var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
            return new Entry(new Regex(dotnet, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), null);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return new Entry(null, $"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    internal sealed record Entry(Regex? Regex, string? Problem);
}
