using System.Text.Json;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Workflows;

/// <summary>A data directory shared by the CLI runs of one test class (the embedded cluster is made once).</summary>
public sealed class CliDataDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hub-workflow-cli-").FullName;

    public void Dispose()
    {
        foreach (var pid in ServerProcesses.PostgresFor(Path))
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }

        Directory.Delete(Path, recursive: true);
    }
}

/// <summary><c>hub workflow validate</c> and <c>hub workflow run</c> as a user runs them (the real process).</summary>
public sealed class WorkflowCommandTests(CliDataDirectory data) : IClassFixture<CliDataDirectory>
{
    private static string Shipped(string name) => System.IO.Path.Combine(SharedData.RepositoryRoot(), "tests", "flows", name + ".json");

    [Theory]
    [InlineData("expense-reimbursement", "{\"requestNo\":\"EX-9\",\"applicant\":\"east.buyer\",\"amount\":60000.0}", "east.buyer",
        "start head finance large hq approved", "head:east.head finance:east.finance hq:hq.finance")]
    [InlineData("expense-reimbursement", "{\"requestNo\":\"EX-10\",\"applicant\":\"east.buyer\",\"amount\":800.0}", "east.buyer",
        "start head finance large approved", "head:east.head finance:east.finance")]
    [InlineData("procurement-contract", "{\"contractNo\":\"PC-1\",\"amount\":2000000.0,\"vendor\":\"ACME\"}", "east.buyer",
        "start review legal finance reviewed large committee approved", "legal:hq.legal finance:east.finance committee:hq.legal committee:hq.finance")]
    [InlineData("labour-contract", "{\"employee\":\"张三\",\"company\":\"华南制造有限公司\"}", "south.hr",
        "start approvals approved", "approvals:hq.finance approvals:hq.legal")]
    public async Task Run_ShippedDefinitionAllApproved_CompletesAndPrintsPathVariablesDecisions(string name, string input, string applicant,
        string path, string decisions)
    {
        var (code, output, error) = await HubProcess.RunAsync("workflow", "run", Shipped(name), "--input", input, "--as", applicant,
            "--decide", "*=approve", "--data-dir", data.Path);

        Assert.True(code == 0, $"exit {code}: {error}");
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Completed", report.GetProperty("status").GetString());
        Assert.Equal(name, report.GetProperty("definitionId").GetString());
        Assert.Equal(path, string.Join(' ', report.GetProperty("path").EnumerateArray().Select(s => s.GetProperty("node").GetString())));
        Assert.Equal(decisions, string.Join(' ', report.GetProperty("decisions").EnumerateArray()
            .Select(d => d.GetProperty("node").GetString() + ":" + d.GetProperty("decidedBy").GetString())));
        Assert.All(report.GetProperty("decisions").EnumerateArray(), d => Assert.Equal("approve", d.GetProperty("value").GetString()));
        Assert.Equal(JsonValueKind.Object, report.GetProperty("variables").ValueKind);
    }

    [Fact]
    public async Task Run_HeadRejectsThenRunAgain_TakesTheRejectedPathAndReusesThePublishedVersion()
    {
        var first = await HubProcess.RunAsync("workflow", "run", Shipped("expense-reimbursement"), "--input", "{\"amount\":10.0}",
            "--decide", "head=reject", "--data-dir", data.Path);
        var second = await HubProcess.RunAsync("workflow", "run", Shipped("expense-reimbursement"), "--input", "{\"amount\":10.0}",
            "--decide", "head=approve", "--decide", "finance=return", "--data-dir", data.Path);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        var rejected = JsonDocument.Parse(first.Output).RootElement;
        var returned = JsonDocument.Parse(second.Output).RootElement;
        Assert.Equal("start head rejected", string.Join(' ', rejected.GetProperty("path").EnumerateArray().Select(s => s.GetProperty("node").GetString())));
        Assert.Equal("Rejected", rejected.GetProperty("path")[1].GetProperty("outcomes")[0].GetString());
        Assert.Equal("Returned", returned.GetProperty("path")[2].GetProperty("outcomes")[0].GetString());
        Assert.Equal("return", returned.GetProperty("variables").GetProperty("decisions")[0].GetProperty("Decision").GetString());
        Assert.Equal(rejected.GetProperty("contentHash").GetString(), returned.GetProperty("contentHash").GetString());
        Assert.NotEqual(rejected.GetProperty("instanceId").GetGuid(), returned.GetProperty("instanceId").GetGuid());
    }

    [Fact]
    public async Task Run_NoDecisionForAnOpenTask_PrintsSuspendedAndExitsOne()
    {
        var (code, output, error) = await HubProcess.RunAsync("workflow", "run", Shipped("expense-reimbursement"), "--input", "{\"amount\":10.0}",
            "--decide", "finance=approve", "--wait", "0", "--data-dir", data.Path);

        Assert.Equal(1, code);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Suspended", report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("decisions").GetArrayLength());
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.StartsWith("hub: ", StringComparison.Ordinal));
        Assert.Contains($"instance {report.GetProperty("instanceId").GetGuid()} ended Suspended", line, StringComparison.Ordinal);
    }

    //   start -> fork -> ask (Approval, task open first) -\
    //                 -> call (CallHttp to ftp: faults, an incident) -> join -> end
    // The instance faults while ask's task is open: the verb must still print its report and exit 1 (it used to try
    // to decide the faulted instance's task, be refused, and print no report).
    [Fact]
    public async Task Run_FaultWhileAParallelTaskIsOpen_PrintsTheFaultedReportAndExitsOne()
    {
        var file = System.IO.Path.Combine(data.Path, "parallel-fault.json");
        await File.WriteAllTextAsync(file, """
            { "id": "parallel-fault", "version": 1, "name": "parallel fault", "flowchart": {
              "nodes": [ { "id": "start", "type": "Start" }, { "id": "fork", "type": "Fork" },
                         { "id": "ask", "type": "Approval", "inputs": { "title": { "literal": "Please decide" },
                           "candidates": { "literal": [ { "kind": "user", "value": "east.head" } ] } } },
                         { "id": "call", "type": "CallHttp", "inputs": { "url": { "literal": "ftp://example.invalid/x" } } },
                         { "id": "join", "type": "Join" }, { "id": "end", "type": "End" }, { "id": "no", "type": "End" } ],
              "connections": [ { "source": "start", "outcome": "Done", "target": "fork" },
                               { "source": "fork", "outcome": "Done", "target": "ask" }, { "source": "fork", "outcome": "Done", "target": "call" },
                               { "source": "ask", "outcome": "Approved", "target": "join" }, { "source": "ask", "outcome": "Rejected", "target": "no" },
                               { "source": "ask", "outcome": "Returned", "target": "no" },
                               { "source": "call", "outcome": "Succeeded", "target": "join" }, { "source": "call", "outcome": "Failed", "target": "no" },
                               { "source": "join", "outcome": "Done", "target": "end" } ] } }
            """);

        var (code, output, error) = await HubProcess.RunAsync("workflow", "run", file, "--input", "{}", "--decide", "*=approve", "--data-dir", data.Path);

        Assert.True(code == 1, $"exit {code}: {error}");
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Faulted", report.GetProperty("status").GetString());
        Assert.Equal("call", report.GetProperty("fault").GetProperty("nodeId").GetString());
        Assert.Equal(0, report.GetProperty("decisions").GetArrayLength());
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.StartsWith("hub: ", StringComparison.Ordinal));
        Assert.StartsWith($"hub: instance {report.GetProperty("instanceId").GetGuid()} ended Faulted", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expense-reimbursement")]
    [InlineData("procurement-contract")]
    [InlineData("labour-contract")]
    public async Task Validate_ShippedDefinition_ValidWithItsHash(string name)
    {
        var (code, output, error) = await HubProcess.RunAsync("workflow", "validate", Shipped(name));

        Assert.True(code == 0, error);
        Assert.Matches($"^.*{name}\\.json: valid \\('{name}' version 4, sha256:[0-9a-f]{{64}}\\)$", output.Trim());
    }

    [Fact]
    public async Task Validate_InvalidDefinition_ListsEveryProblemAndExitsOne()
    {
        var file = System.IO.Path.Combine(data.Path, "invalid.json");
        await File.WriteAllTextAsync(file, """
            { "id": "bad", "version": 1, "name": "bad", "flowchart": {
              "nodes": [ { "id": "start", "type": "Start" }, { "id": "odd", "type": "NoSuchActivity" },
                         { "id": "lonely", "type": "End" }, { "id": "end", "type": "End" } ],
              "connections": [ { "source": "start", "outcome": "Done", "target": "odd" },
                               { "source": "odd", "outcome": "Done", "target": "end" },
                               { "source": "start", "outcome": "Done", "target": "ghost" } ] } }
            """);

        var (code, output, error) = await HubProcess.RunAsync("workflow", "validate", file);

        Assert.Equal(1, code);
        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(problems, p => p.StartsWith("unknown-activity-type: ", StringComparison.Ordinal) && p.Contains("NoSuchActivity", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("dangling-edge: ", StringComparison.Ordinal) && p.Contains("ghost", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("unreachable-node: ", StringComparison.Ordinal) && p.Contains("lonely", StringComparison.Ordinal));
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"hub: {file} is invalid: {problems.Length} problems, the first: {problems[0]} (./hub workflow validate lists them all)", line.Trim());
    }

    [Theory]
    [InlineData(2, "workflow", "validate", "/nonexistent/flow.json")]
    [InlineData(2, "workflow", "validate")]
    [InlineData(1, "workflow", "validate", "@not-json")]
    [InlineData(2, "workflow", "run", "@expense", "--input", "[1, 2]")]
    [InlineData(2, "workflow", "run", "@expense", "--input", "{not json")]
    [InlineData(2, "workflow", "run", "@expense", "--decide", "head")]
    [InlineData(2, "workflow", "run", "@expense", "--decide", "head=maybe")]
    [InlineData(2, "workflow", "run", "@expense", "--decide", "nosuchnode=approve")]
    [InlineData(2, "workflow", "run", "@expense", "--wait", "-1")]
    [InlineData(1, "workflow", "run", "@not-json")]
    public async Task Cli_BadWorkflowInput_OneLineOnStderrAndNonZeroExit(int exitCode, params string[] arguments)
    {
        var notJson = System.IO.Path.Combine(data.Path, "not-json.json");
        await File.WriteAllTextAsync(notJson, "{ \"id\": ");
        var resolved = arguments.Select(a => a switch { "@expense" => Shipped("expense-reimbursement"), "@not-json" => notJson, _ => a })
            .Concat(arguments[1] == "run" ? ["--data-dir", data.Path] : []).ToArray();

        var (code, _, error) = await HubProcess.RunAsync(resolved);

        Assert.Equal(exitCode, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("hub: ", line, StringComparison.Ordinal);
    }
}
