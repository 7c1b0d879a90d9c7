using System.Text.Json;

namespace Hub.Server.Tests.Documents;

/// <summary>Definitions of document flows written inline: literal and expression inputs, activity and end nodes.</summary>
internal static class DocumentDefinitions
{
    public static object L(object value) => new { literal = value };

    public static object E(string expression) => new { expression };

    public static object End(string id) => new { id, type = "End" };

    public static object Node(string id, string type, object inputs, string output, string variable) =>
        new { id, type, inputs, outputs = new Dictionary<string, string> { [output] = variable } };

    public static JsonElement Definition(string id, object[] nodes, (string Source, string Outcome, string Target)[] connections)
    {
        var variables = nodes.Select(n => JsonSerializer.SerializeToElement(n)).Where(n => n.TryGetProperty("outputs", out _))
            .Select(n => n.GetProperty("outputs").EnumerateObject().Single().Value.GetString()!)
            .Select(v => new { name = v, schema = new { type = "object", properties = new { documentId = new { type = "string" } } }, @default = new { } });
        return JsonSerializer.SerializeToElement(new
        {
            id, version = 1, name = id,
            inputSchema = new { type = "object", properties = new { contract = new { type = "object" }, documentId = new { type = "string" } } },
            variables,
            flowchart = new
            {
                nodes = nodes.Prepend(new { id = "start", type = "Start" }),
                connections = connections.Select(c => new { source = c.Source, outcome = c.Outcome, target = c.Target }),
            },
        });
    }
}
