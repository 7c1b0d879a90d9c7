using System.Text;
using System.Text.Json;

namespace Hub.Workflows.Definitions;

/// <summary>Reads the JSON definition format strictly: unknown or duplicate properties, wrong JSON kinds, duplicate
/// node ids and documents beyond <see cref="DefinitionLimits"/> are refused with the JSON path of the problem.
/// Graph and activity rules are the validator's business, not the reader's.</summary>
internal static class DefinitionReader
{
    /// <summary>Every property the reader accepts, per object kind; the schema test checks the JSON Schema mentions them.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> AcceptedProperties = new Dictionary<string, string[]>
    {
        ["definition"] = ["$schema", "id", "version", "name", "description", "inputSchema", "variables", "flowchart"],
        ["variable"] = ["name", "schema", "default"],
        ["flowchart"] = ["nodes", "connections"],
        ["node"] = ["id", "type", "displayName", "inputs", "outputs", "position"],
        ["input"] = ["literal", "expression"],
        ["position"] = ["x", "y"],
        ["connection"] = ["source", "outcome", "target", "backEdge"],
    };

    public static WorkflowDefinition Read(ReadOnlySpan<byte> utf8, DefinitionLimits limits)
    {
        if (utf8.Length > limits.MaxDocumentBytes)
        {
            throw new DefinitionFormatException(
                $"definition is {utf8.Length} bytes, more than the limit of {limits.MaxDocumentBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions
            {
                MaxDepth = limits.MaxDepth,
                AllowDuplicateProperties = false,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
            });
        }
        catch (JsonException e) when (e.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            throw new DefinitionFormatException($"definition nests deeper than the limit of {limits.MaxDepth} levels", e);
        }
        catch (JsonException e) when (e.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            throw new DefinitionFormatException($"definition has a duplicate property: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new DefinitionFormatException($"definition is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            return new Walker(limits).Definition(document.RootElement);
        }
    }

    public static WorkflowDefinition Read(string json, DefinitionLimits limits) => Read(Encoding.UTF8.GetBytes(json), limits);

    private sealed class Walker(DefinitionLimits limits)
    {
        public WorkflowDefinition Definition(JsonElement root)
        {
            var p = Object(root, "$", "definition");
            var version = p.TryGetValue("version", out var v) ? Int(v, "$.version") : throw Missing("$", "version");
            if (version < 1)
            {
                throw new DefinitionFormatException($"$.version must be 1 or more, not {version}");
            }

            if (p.TryGetValue("$schema", out var schemaRef))
            {
                String(schemaRef, "$.$schema", 1000);
            }

            JsonElement? inputSchema = p.TryGetValue("inputSchema", out var s) ? ObjectValue(s, "$.inputSchema") : null;
            var variables = p.TryGetValue("variables", out var vars) ? Variables(vars) : [];
            var flowchart = p.TryGetValue("flowchart", out var f) ? Flowchart(f) : throw Missing("$", "flowchart");
            return new WorkflowDefinition(
                Name(Required(p, "$", "id"), "$.id"), version, String(Required(p, "$", "name"), "$.name", limits.MaxNameLength),
                p.TryGetValue("description", out var d) ? String(d, "$.description", 4000) : null,
                inputSchema, variables, flowchart);
        }

        private List<VariableDefinition> Variables(JsonElement array)
        {
            var items = Array(array, "$.variables", limits.MaxVariables, "variables");
            var result = new List<VariableDefinition>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"$.variables[{i}]";
                var p = Object(items[i], path, "variable");
                result.Add(new VariableDefinition(
                    Name(Required(p, path, "name"), path + ".name"),
                    ObjectValue(Required(p, path, "schema"), path + ".schema"),
                    p.TryGetValue("default", out var d) ? d.Clone() : null));
            }

            return result;
        }

        private Flowchart Flowchart(JsonElement element)
        {
            var p = Object(element, "$.flowchart", "flowchart");
            var nodeItems = Array(Required(p, "$.flowchart", "nodes"), "$.flowchart.nodes", limits.MaxNodes, "nodes");
            var nodes = new List<NodeDefinition>(nodeItems.Count);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < nodeItems.Count; i++)
            {
                var node = Node(nodeItems[i], $"$.flowchart.nodes[{i}]");
                if (!seen.TryAdd(node.Id, i))
                {
                    throw new DefinitionFormatException(
                        $"$.flowchart.nodes[{i}].id: node id '{node.Id}' is already used by $.flowchart.nodes[{seen[node.Id]}]");
                }

                nodes.Add(node);
            }

            var connections = p.TryGetValue("connections", out var c)
                ? Array(c, "$.flowchart.connections", limits.MaxConnections, "connections").Select((e, i) => Connection(e, $"$.flowchart.connections[{i}]")).ToList()
                : [];
            return new Flowchart(nodes, connections);
        }

        private NodeDefinition Node(JsonElement element, string path)
        {
            var p = Object(element, path, "node");
            var inputs = new Dictionary<string, InputValue>(StringComparer.Ordinal);
            if (p.TryGetValue("inputs", out var inputsElement))
            {
                foreach (var (name, value) in Object(inputsElement, path + ".inputs", null))
                {
                    var inputPath = $"{path}.inputs.{name}";
                    var ip = Object(value, inputPath, "input");
                    inputs[name] = (ip.TryGetValue("literal", out var lit), ip.TryGetValue("expression", out var expr)) switch
                    {
                        (true, false) => InputValue.FromLiteral(lit),
                        (false, true) => InputValue.FromExpression(String(expr, inputPath + ".expression", 100_000)),
                        _ => throw new DefinitionFormatException($"{inputPath} must have exactly one of 'literal' or 'expression'"),
                    };
                }
            }

            var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
            if (p.TryGetValue("outputs", out var outputsElement))
            {
                foreach (var (name, value) in Object(outputsElement, path + ".outputs", null))
                {
                    outputs[name] = Name(value, $"{path}.outputs.{name}");
                }
            }

            NodePosition? position = null;
            if (p.TryGetValue("position", out var pos))
            {
                var pp = Object(pos, path + ".position", "position");
                position = new NodePosition(Number(Required(pp, path + ".position", "x"), path + ".position.x"),
                    Number(Required(pp, path + ".position", "y"), path + ".position.y"));
            }

            return new NodeDefinition(
                Name(Required(p, path, "id"), path + ".id"), Name(Required(p, path, "type"), path + ".type"),
                p.TryGetValue("displayName", out var dn) ? String(dn, path + ".displayName", limits.MaxNameLength) : null,
                inputs, outputs, position);
        }

        private Connection Connection(JsonElement element, string path)
        {
            var p = Object(element, path, "connection");
            return new Connection(
                Name(Required(p, path, "source"), path + ".source"), Name(Required(p, path, "outcome"), path + ".outcome"),
                Name(Required(p, path, "target"), path + ".target"),
                p.TryGetValue("backEdge", out var b) && Bool(b, path + ".backEdge"));
        }

        private static Dictionary<string, JsonElement> Object(JsonElement element, string path, string? kind)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new DefinitionFormatException($"{path} must be an object, not {Kind(element)}");
            }

            var accepted = kind is null ? null : AcceptedProperties[kind];
            var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (accepted is not null && !accepted.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new DefinitionFormatException(
                        $"{path}: unknown property '{property.Name}' (a {kind} accepts {string.Join(", ", accepted)})");
                }

                result[property.Name] = property.Value;
            }

            return result;
        }

        private static JsonElement ObjectValue(JsonElement element, string path) => element.ValueKind == JsonValueKind.Object
            ? element.Clone()
            : throw new DefinitionFormatException($"{path} must be an object, not {Kind(element)}");

        private static List<JsonElement> Array(JsonElement element, string path, int max, string what)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                throw new DefinitionFormatException($"{path} must be an array, not {Kind(element)}");
            }

            var length = element.GetArrayLength();
            if (length > max)
            {
                throw new DefinitionFormatException($"{path} has {length} {what}, more than the limit of {max}");
            }

            return [.. element.EnumerateArray()];
        }

        private static JsonElement Required(Dictionary<string, JsonElement> properties, string path, string name) =>
            properties.TryGetValue(name, out var value) ? value : throw Missing(path, name);

        private static DefinitionFormatException Missing(string path, string name) =>
            new($"{path}: required property '{name}' is missing");

        private string Name(JsonElement element, string path)
        {
            var s = String(element, path, limits.MaxNameLength);
            return s.Length == 0 || s.Trim().Length != s.Length
                ? throw new DefinitionFormatException($"{path} must be a non-empty string without surrounding spaces")
                : s;
        }

        private static string String(JsonElement element, string path, int max)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw new DefinitionFormatException($"{path} must be a string, not {Kind(element)}");
            }

            var s = element.GetString()!;
            return s.Length > max
                ? throw new DefinitionFormatException($"{path} is {s.Length} characters long, more than the limit of {max}")
                : s;
        }

        private static int Int(JsonElement element, string path) => element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var i)
            ? i
            : throw new DefinitionFormatException($"{path} must be a 32-bit integer, not {Kind(element)} {element.GetRawText()}");

        private static double Number(JsonElement element, string path) => element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new DefinitionFormatException($"{path} must be a finite number, not {Kind(element)}");

        private static bool Bool(JsonElement element, string path) => element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new DefinitionFormatException($"{path} must be true or false, not {Kind(element)}"),
        };

        private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
    }
}
