namespace Hub.Workflows.Tests.Expressions.Conformance;

/// <summary>The reviewed skip file: one <c>file/section/test — reason</c> or <c>file/section — reason</c> per line,
/// <c>#</c> starts a comment. Every entry must give a reason.</summary>
internal sealed class SkipList
{
    private readonly Dictionary<string, string> entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public static SkipList Load(string path)
    {
        var list = new SkipList();
        foreach (var (raw, number) in File.ReadLines(path).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            var dash = raw.IndexOf(" — ", StringComparison.Ordinal);
            if (dash < 0 || raw[(dash + 3)..].Trim().Length == 0)
            {
                throw new FormatException($"{path}:{number}: expected 'file/section/test — reason'");
            }

            if (!list.entries.TryAdd(raw[..dash].Trim(), raw[(dash + 3)..].Trim()))
            {
                throw new FormatException($"{path}:{number}: '{raw[..dash].Trim()}' is listed twice");
            }
        }

        return list;
    }

    /// <summary>The reason a case is skipped (by its own line or its section's), or null.</summary>
    public string? Reason(string file, string section, string test)
    {
        foreach (var key in new[] { $"{file}/{section}/{test}", $"{file}/{section}" })
        {
            if (entries.TryGetValue(key, out var reason))
            {
                used.Add(key);
                return reason;
            }
        }

        return null;
    }

    public IEnumerable<string> Unused => entries.Keys.Where(k => !used.Contains(k));
}
