using System.Text.Json;

namespace Hub.Server.Tests.Workflows;

/// <summary>Definitions the workflow tests store: shipped ones read from workflows/, and small ones built here.</summary>
internal static class WorkflowDocuments
{
    public static JsonElement Shipped(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "tests", "flows", name + ".json"))).RootElement.Clone();


    /// <summary>start → one approval (candidates given, literal <paramref name="more"/> inputs such as dueIn) → approved | rejected.</summary>
    public static JsonElement Approval(string id, int version, object[] candidates, string mode = "any", object? more = null) => Build(id, version,
        [
            new { id = "start", type = "Start" },
            new { id = "ask", type = "Approval", inputs = new Dictionary<string, object>
            {
                ["title"] = new { literal = "Please decide" }, ["candidates"] = new { literal = candidates }, ["mode"] = new { literal = mode },
            }.Concat(More(more)).ToDictionary() },
            new { id = "approved", type = "End" },
            new { id = "rejected", type = "End" },
        ],
        [("start", "Done", "ask"), ("ask", "Approved", "approved"), ("ask", "Rejected", "rejected"), ("ask", "Returned", "rejected")]);

    private static IEnumerable<KeyValuePair<string, object>> More(object? more) =>
        more is null ? [] : JsonSerializer.SerializeToElement(more).EnumerateObject().Select(p => KeyValuePair.Create(p.Name, (object)new { literal = p.Value }));

    /// <summary>start → CallHttp(url) → end (either outcome).</summary>
    public static JsonElement Call(string id, string url) => Build(id, 1,
        [
            new { id = "start", type = "Start" },
            new { id = "call", type = "CallHttp", inputs = new Dictionary<string, object> { ["url"] = new { literal = url }, ["body"] = new { expression = "input" } } },
            new { id = "ok", type = "End" },
            new { id = "failed", type = "End" },
        ],
        [("start", "Done", "call"), ("call", "Succeeded", "ok"), ("call", "Failed", "failed")]);

    /// <summary>start → Delay(duration) → end.</summary>
    public static JsonElement Delay(string id, string duration) => Build(id, 1,
        [
            new { id = "start", type = "Start" },
            new { id = "wait", type = "Delay", inputs = new Dictionary<string, object> { ["duration"] = new { literal = duration } } },
            new { id = "end", type = "End" },
        ],
        [("start", "Done", "wait"), ("wait", "Done", "end")]);

    /// <summary>start → WaitForSignal(name, input.key) → end.</summary>
    public static JsonElement Signal(string id, string signal) => Build(id, 1,
        [
            new { id = "start", type = "Start" },
            new { id = "wait", type = "WaitForSignal", inputs = new Dictionary<string, object>
            {
                ["signal"] = new { literal = signal }, ["correlationKey"] = new { expression = "input.key" },
            } },
            new { id = "end", type = "End" },
        ],
        [("start", "Done", "wait"), ("wait", "Done", "end")]);

    /// <summary>start → TerminateWithFault-free fault: a CallHttp with a bad URL faults without retry (an incident).</summary>
    public static JsonElement Faulting(string id) => Call(id, "ftp://example.invalid/x");

    /// <summary>start → fork → one branch per kind, in the order given (so the burst creates their bookmarks in that
    /// order) → join firstWins → end. Kinds: <c>approval</c> (alpha.admin decides; Rejected/Returned end at
    /// <c>rejected</c>), <c>delay</c> (a one-hour timer unless given), <c>signal</c> (WaitForSignal on input.key), <c>fault</c> (a
    /// CallHttp that faults without retry: an incident).</summary>
    public static JsonElement Parallel(string id, params string[] kinds) => Parallel(id, kinds, "PT1H");

    /// <summary>As <see cref="Parallel(string, string[])"/>, the delay branch waiting <paramref name="delay"/> (ISO 8601).</summary>
    public static JsonElement ParallelWithDelay(string id, string delay, params string[] kinds) => Parallel(id, kinds, delay);

    private static JsonElement Parallel(string id, string[] kinds, string delay) => Build(id, 1,
        [
            new { id = "start", type = "Start" },
            new { id = "fork", type = "Fork" },
            .. kinds.Select(k => Branch(k, delay)),
            new { id = "join", type = "Join", inputs = new Dictionary<string, object> { ["mode"] = new { literal = "firstWins" } } },
            new { id = "end", type = "End" },
            new { id = "rejected", type = "End" },
        ],
        [
            ("start", "Done", "fork"), .. kinds.Select(k => ("fork", "Done", k)),
            .. kinds.Select(k => (k, k switch { "approval" => "Approved", "fault" => "Succeeded", _ => "Done" }, "join")),
            .. kinds.Contains("approval") ? new[] { ("approval", "Rejected", "rejected"), ("approval", "Returned", "rejected") } : [],
            .. kinds.Contains("fault") ? new[] { ("fault", "Failed", "rejected") } : [],
            ("join", "Done", "end"),
        ]);

    private static object Branch(string kind, string delay) => kind switch
    {
        "approval" => new { id = kind, type = "Approval", inputs = new Dictionary<string, object>
        {
            ["title"] = new { literal = "Please decide" }, ["candidates"] = new { literal = new[] { new { kind = "user", value = "alpha.admin" } } },
        } },
        "delay" => new { id = kind, type = "Delay", inputs = new Dictionary<string, object> { ["duration"] = new { literal = delay } } },
        "signal" => new { id = kind, type = "WaitForSignal", inputs = new Dictionary<string, object>
        {
            ["signal"] = new { literal = "go" }, ["correlationKey"] = new { expression = "input.key" },
        } },
        "fault" => new { id = kind, type = "CallHttp", inputs = new Dictionary<string, object> { ["url"] = new { literal = "ftp://example.invalid/x" } } },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such branch kind"),
    };

    private static JsonElement Build(string id, int version, object[] nodes, (string Source, string Outcome, string Target)[] connections) =>
        JsonSerializer.SerializeToElement(new
        {
            id, version, name = id,
            inputSchema = new { type = "object", properties = new { key = new { type = "string" }, amount = new { type = "number" } } },
            flowchart = new { nodes, connections = connections.Select(c => new { source = c.Source, outcome = c.Outcome, target = c.Target }) },
        });
}
