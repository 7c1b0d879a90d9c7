namespace Hub.Workflows.Activities;

/// <summary>Declares an output an activity produces; a node may store it in a variable through its <c>outputs</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OutputAttribute(string name, string type, string description) : Attribute
{
    /// <summary>The output name.</summary>
    public string Name { get; } = name;

    /// <summary>Its JSON type: string, boolean, integer, number, object, array or any.</summary>
    public string Type { get; } = type;

    /// <summary>What it holds.</summary>
    public string Description { get; } = description;
}
