namespace Hub.Workflows.Effects;

/// <summary>The handlers a host offers, by message kind. Built once at start-up from every registered
/// <see cref="IEffectHandler"/>; a kind claimed by two handlers is a start-up error, not a race at run time.</summary>
public sealed class EffectHandlers
{
    private readonly Dictionary<string, IEffectHandler> byKind = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="handlers"/> by the kinds they declare.</summary>
    /// <exception cref="ArgumentException">Two handlers declare one kind, or a kind is blank.</exception>
    public EffectHandlers(IEnumerable<IEffectHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            foreach (var kind in handler.Kinds)
            {
                if (string.IsNullOrWhiteSpace(kind))
                {
                    throw new ArgumentException($"{handler.GetType().FullName} declares a blank effect kind");
                }

                if (!byKind.TryAdd(kind, handler))
                {
                    throw new ArgumentException(
                        $"effect kind '{kind}' is declared by both {byKind[kind].GetType().FullName} and {handler.GetType().FullName}");
                }
            }
        }
    }

    /// <summary>Every kind some handler performs, in ordinal order.</summary>
    public IReadOnlyList<string> Kinds => [.. byKind.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The handler of <paramref name="kind"/>, or null when this host performs no such kind.</summary>
    public IEffectHandler? Find(string kind) => byKind.GetValueOrDefault(kind);
}
