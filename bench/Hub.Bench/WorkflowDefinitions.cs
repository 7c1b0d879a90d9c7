using System.Text.Json;

namespace Hub.Bench;

/// <summary>The definitions the bench imports: the shipped expense flow, and a ten-step automatic flow.</summary>
internal static class WorkflowDefinitions
{
    public const string AutomaticId = "bench-ten-steps";

    public static JsonElement Expense(string repositoryRoot) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(repositoryRoot, "tests", "flows", "expense-reimbursement.json"))).RootElement.Clone();

    /// <summary>start → ten steps alternating SetVariable (n = n + 1) and Decision (n &gt; i - 1, always true) → done.
    /// The false edges go to a second End so that every outcome is connected; no path waits, so one burst runs the
    /// whole instance.</summary>
    public static JsonElement Automatic()
    {
        var nodes = new List<object> { new { id = "start", type = "Start" } };
        var connections = new List<object>();
        var previous = ("start", "Done");
        for (var step = 1; step <= 10; step++)
        {
            var id = $"step{step}";
            if (step % 2 == 1)
            {
                nodes.Add(new { id, type = "SetVariable", inputs = new Dictionary<string, object>
                {
                    ["variable"] = new { literal = "n" }, ["value"] = new { expression = "vars.n + 1" },
                } });
            }
            else
            {
                nodes.Add(new { id, type = "Decision", inputs = new Dictionary<string, object>
                {
                    ["condition"] = new { expression = $"vars.n >= {step / 2} && input.amount > 0.0" },
                } });
                connections.Add(new { source = id, outcome = "False", target = "failed" });
            }

            connections.Add(new { source = previous.Item1, outcome = previous.Item2, target = id });
            previous = (id, step % 2 == 1 ? "Done" : "True");
        }

        nodes.Add(new { id = "done", type = "End" });
        nodes.Add(new { id = "failed", type = "End" });
        connections.Add(new { source = previous.Item1, outcome = previous.Item2, target = "done" });
        return JsonSerializer.SerializeToElement(new
        {
            id = AutomaticId, version = 1, name = "Bench: ten automatic steps",
            inputSchema = new { type = "object", properties = new { amount = new { type = "number" } } },
            variables = new[] { new { name = "n", schema = new { type = "integer" }, @default = 0 } },
            flowchart = new { nodes, connections },
        });
    }
}
