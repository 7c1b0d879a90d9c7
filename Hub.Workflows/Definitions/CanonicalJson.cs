using System.Security.Cryptography;
using System.Text.Json;

namespace Hub.Workflows.Definitions;

/// <summary>Writes a definition as canonical JSON: no whitespace, properties in ordinal order at every level (the
/// rule of RFC 8785 §3.2.3; numbers keep their source text rather than RFC 8785's re-serialisation), absent optional
/// members omitted. The same definition therefore always gives the same bytes and the same SHA-256.</summary>
internal static class CanonicalJson
{
    public static byte[] Write(WorkflowDefinition definition)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, SkipValidation = false }))
        {
            // Keys below are written in ordinal order by hand; embedded JSON goes through WriteSorted.
            w.WriteStartObject();
            if (definition.Description is not null)
            {
                w.WriteString("description", definition.Description);
            }

            w.WriteStartObject("flowchart");
            w.WriteStartArray("connections");
            foreach (var c in definition.Flowchart.Connections)
            {
                w.WriteStartObject();
                if (c.BackEdge)
                {
                    w.WriteBoolean("backEdge", true);
                }

                w.WriteString("outcome", c.Outcome);
                w.WriteString("source", c.Source);
                w.WriteString("target", c.Target);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("nodes");
            foreach (var n in definition.Flowchart.Nodes)
            {
                WriteNode(w, n);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("id", definition.Id);
            if (definition.InputSchema is { } schema)
            {
                w.WritePropertyName("inputSchema");
                WriteSorted(w, schema);
            }

            w.WriteString("name", definition.Name);
            if (definition.Variables.Count > 0)
            {
                w.WriteStartArray("variables");
                foreach (var v in definition.Variables)
                {
                    w.WriteStartObject();
                    if (v.Default is { } d)
                    {
                        w.WritePropertyName("default");
                        WriteSorted(w, d);
                    }

                    w.WriteString("name", v.Name);
                    w.WritePropertyName("schema");
                    WriteSorted(w, v.Schema);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteNumber("version", definition.Version);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static string Hash(WorkflowDefinition definition) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Write(definition)));

    private static void WriteNode(Utf8JsonWriter w, NodeDefinition n)
    {
        w.WriteStartObject();
        if (n.DisplayName is not null)
        {
            w.WriteString("displayName", n.DisplayName);
        }

        w.WriteString("id", n.Id);
        if (n.Inputs.Count > 0)
        {
            w.WriteStartObject("inputs");
            foreach (var (name, value) in n.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(name);
                if (value.Expression is { } e)
                {
                    w.WriteString("expression", e);
                }
                else
                {
                    w.WritePropertyName("literal");
                    WriteSorted(w, value.Literal!.Value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        if (n.Outputs.Count > 0)
        {
            w.WriteStartObject("outputs");
            foreach (var (name, variable) in n.Outputs.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                w.WriteString(name, variable);
            }

            w.WriteEndObject();
        }

        if (n.Position is { } p)
        {
            w.WriteStartObject("position");
            w.WriteNumber("x", p.X);
            w.WriteNumber("y", p.Y);
            w.WriteEndObject();
        }

        w.WriteString("type", n.Type);
        w.WriteEndObject();
    }

    /// <summary>Writes any JSON value with object properties in ordinal order, recursively.</summary>
    public static void WriteSorted(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    WriteSorted(w, p.Value);
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray())
                {
                    WriteSorted(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }
}
