namespace Hub.Workflows.Activities;

/// <summary>Makes a class an activity card: its type key, palette category, display name and description are
/// written here once and the descriptor takes them from here.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string type, string category, string displayName, string description) : Attribute
{
    /// <summary>The type key used in definitions, e.g. <c>Decision</c>.</summary>
    public string Type { get; } = type;

    /// <summary>The palette category.</summary>
    public string Category { get; } = category;

    /// <summary>The display name.</summary>
    public string DisplayName { get; } = displayName;

    /// <summary>What it does, for the palette tooltip.</summary>
    public string Description { get; } = description;
}
