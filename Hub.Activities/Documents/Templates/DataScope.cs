using System.Globalization;
using System.Text.Json;

namespace Hub.Activities.Documents.Templates;

/// <summary>
/// Where a path is looked up while rendering: the current list element of each enclosing repeat, innermost first,
/// then the root data. A path's first name is taken from the innermost scope that has it, so inside
/// <c>repeat:items</c> a field <c>name</c> is the item's and <c>applicant.name</c> still reaches the root.
/// <c>@index</c> is the 1-based position in the innermost repeat.
/// </summary>
internal sealed class DataScope
{
    public const string IndexName = "@index";

    private DataScope(JsonElement value, int index, DataScope? parent)
    {
        Value = value;
        Index = index;
        Parent = parent;
    }

    public JsonElement Value { get; }

    /// <summary>0-based position of <see cref="Value"/> in its list; -1 for the root.</summary>
    public int Index { get; }

    public DataScope? Parent { get; }

    public JsonElement Root => Parent?.Root ?? Value;

    public static DataScope ForRoot(JsonElement data) => new(data, -1, null);

    public DataScope Push(JsonElement item, int index) => new(item, index, this);

    /// <summary>The value at <paramref name="path"/>, or null when any name along it is missing.</summary>
    public JsonElement? Resolve(string path)
    {
        if (path == IndexName)
        {
            return Index < 0 ? null : JsonDocument.Parse((Index + 1).ToString(CultureInfo.InvariantCulture)).RootElement;
        }

        var segments = path.Split('.');
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.Value.ValueKind == JsonValueKind.Object && scope.Value.TryGetProperty(segments[0], out var first))
            {
                return Walk(first, segments.AsSpan(1));
            }
        }

        return null;
    }

    private static JsonElement? Walk(JsonElement current, ReadOnlySpan<string> rest)
    {
        foreach (var name in rest)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(name, NumberStyles.None,
                         CultureInfo.InvariantCulture, out var i) && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }

        return current;
    }
}
