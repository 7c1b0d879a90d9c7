using System.Text.Json;

namespace Hub.Workflows.Activities;

/// <summary>One input of an activity as the designer's property panel shows it.</summary>
/// <param name="Name">The input name used in definitions (camelCase of the property).</param>
/// <param name="Type">string, boolean, integer, number, date-time, duration, enum, array, object or any.</param>
/// <param name="DisplayName">The label.</param>
/// <param name="Description">Help text.</param>
/// <param name="Order">Position, ascending.</param>
/// <param name="Category">Panel group.</param>
/// <param name="UiHint">Editor, one of <see cref="UiHints"/>.</param>
/// <param name="Default">Default value, or null.</param>
/// <param name="Required">Publishing refuses a node without a value.</param>
/// <param name="Secret">Masked in journal and logs.</param>
/// <param name="LiteralOnly">Expressions are refused.</param>
/// <param name="Options">For enums: the allowed values.</param>
public sealed record InputDescriptor(string Name, string Type, string DisplayName, string Description, int Order,
    string Category, string UiHint, JsonElement? Default, bool Required, bool Secret, bool LiteralOnly, IReadOnlyList<string> Options);
