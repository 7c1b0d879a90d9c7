using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Evaluation;

/// <summary>Comprehension variables, innermost first; immutable so nested iterations never disturb each other.</summary>
internal sealed class Scope
{
    private readonly string name;
    private readonly CelValue value;
    private readonly Scope? parent;

    internal Scope(string name, CelValue value, Scope? parent)
    {
        this.name = name;
        this.value = value;
        this.parent = parent;
    }

    internal bool TryGet(string key, out CelValue found)
    {
        for (var s = this; s is not null; s = s.parent)
        {
            if (s.name == key)
            {
                found = s.value;
                return true;
            }
        }

        found = NullValue.Instance;
        return false;
    }
}
