using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Activities.Evidence;

namespace Hub.Activities.Documents.Activities;

/// <summary>The data a generated document is filled with, and what the Hub binds into it from its own records.</summary>
internal static class DocumentData
{
    private const int MaxPropertyName = 64;

    /// <summary>Whether <paramref name="name"/> can name a data property to bind: ASCII letters, digits and _, not starting with a digit.</summary>
    public static bool IsPropertyName(string name) =>
        name.Length is > 0 and <= MaxPropertyName && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary><paramref name="data"/> with <paramref name="property"/> set to the recorded <paramref name="decisions"/>;
    /// null when the data is not a JSON object, which has no property to fill.</summary>
    public static JsonElement? WithDecisions(JsonElement data, string property, IReadOnlyList<EvidenceApproval> decisions)
    {
        if (data.ValueKind != JsonValueKind.Object || JsonNode.Parse(data.GetRawText()) is not JsonObject filled)
        {
            return null;
        }

        filled[property] = new JsonArray([.. decisions.Select(d => (JsonNode)new JsonObject
        {
            ["step"] = d.Step,
            ["approver"] = d.Approver,
            ["decision"] = d.Decision,
            ["comment"] = d.Comment,
            ["decidedAt"] = d.DecidedAt.ToString("O", CultureInfo.InvariantCulture),
        })]);
        return JsonSerializer.SerializeToElement(filled);
    }
}
