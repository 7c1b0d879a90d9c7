namespace Hub.Workflows.Activities;

/// <summary>The editors the designer knows for inputs.</summary>
public static class UiHints
{
    /// <summary>A one-line text or number box.</summary>
    public const string SingleLine = "single-line";

    /// <summary>A multi-line text box.</summary>
    public const string MultiLine = "multi-line";

    /// <summary>A CEL expression editor that type-checks through the server.</summary>
    public const string Expression = "expression";

    /// <summary>A checkbox.</summary>
    public const string Checkbox = "checkbox";

    /// <summary>A dropdown over the input's options.</summary>
    public const string Dropdown = "dropdown";

    /// <summary>A picker over the definition's variables.</summary>
    public const string VariablePicker = "variable-picker";

    /// <summary>A JSON editor.</summary>
    public const string Json = "json";

    /// <summary>A date-time picker.</summary>
    public const string DateTime = "date-time";

    /// <summary>A duration editor (ISO 8601, e.g. <c>P2D</c>).</summary>
    public const string Duration = "duration";

    /// <summary>The approval candidate editor (users, roles, relative positions).</summary>
    public const string Candidates = "candidates";

    /// <summary>The switch case editor (outcome name + condition).</summary>
    public const string SwitchCases = "switch-cases";
}
