namespace Hub.Workflows.Activities;

/// <summary>Marks a settable property as an activity input. The property's type is the input's type; the runtime
/// sets it from the node's literal or evaluated expression before <see cref="Activity.ExecuteAsync"/>.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>The label in the property panel; defaults to the property name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Help text.</summary>
    public string Description { get; init; } = "";

    /// <summary>Position in the property panel, ascending.</summary>
    public int Order { get; init; }

    /// <summary>The property panel group, e.g. <c>Advanced</c>.</summary>
    public string Category { get; init; } = "General";

    /// <summary>The editor to use, one of <see cref="UiHints"/>.</summary>
    public string UiHint { get; init; } = UiHints.SingleLine;

    /// <summary>A value used when the node sets none, in JSON (e.g. <c>"\"all\""</c>, <c>"0"</c>), or null.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>Publishing refuses a node without a value for this input.</summary>
    public bool Required { get; init; }

    /// <summary>The value may hold a secret: the journal and logs show it masked.</summary>
    public bool Secret { get; init; }

    /// <summary>The value must be a literal, fixed at publish time (e.g. a join's mode).</summary>
    public bool LiteralOnly { get; init; }
}
