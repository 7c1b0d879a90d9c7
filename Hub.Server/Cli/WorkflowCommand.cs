using System.CommandLine;
using System.Text.Json;
using Hub.Activities;
using Hub.Server.Cli.Workflow;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions.Inputs;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Cli;

/// <summary><c>hub workflow validate FILE</c> and <c>hub workflow run FILE --input JSON [--decide NODE=DECISION …]</c>.</summary>
internal static class WorkflowCommand
{
    /// <summary>The demo group's applicant in a department with a head, used when <c>--as</c> is not given.</summary>
    public const string DefaultApplicant = "east.buyer";

    public static Command Create()
    {
        var command = new Command("workflow", "Validate a workflow definition file, or run it to its end in the Hub's database.");
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Run());
        return command;
    }

    private static Command Validate()
    {
        var file = new Argument<string>("FILE") { Description = "The definition (JSON, docs/workflow-format.md)." };
        var command = new Command("validate", "List every problem that blocks publication; exit 1 when there is one.") { file };
        command.SetAction(parsed =>
        {
            var loaded = DefinitionFile.Load(parsed.GetValue(file)!, HubActivityRegistry.Create());
            if (!loaded.IsValid)
            {
                foreach (var problem in loaded.Problems)
                {
                    Console.Out.WriteLine(problem);
                }

                throw loaded.Invalid();
            }

            Console.Out.WriteLine($"{loaded.Path}: valid ('{loaded.Definition!.Id}' version {loaded.Definition.Version}, " +
                                  $"{Hub.Workflows.Definitions.WorkflowDefinitions.Hash(loaded.Definition)})");
            return 0;
        });
        return command;
    }

    private static Command Run()
    {
        var file = new Argument<string>("FILE") { Description = "The definition (JSON, docs/workflow-format.md)." };
        var input = new Option<string>("--input") { Description = "The instance input, a JSON object.", DefaultValueFactory = _ => "{}" };
        var decide = new Option<string[]>("--decide")
        {
            Description = "NODE=approve|reject|return for the tasks of an approval node, used in order; * for every other node. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var user = new Option<string>("--as")
        {
            Description = $"The applicant's user name. Default: {DefaultApplicant} of the demo group.",
            DefaultValueFactory = _ => DefaultApplicant,
        };
        var wait = new Option<int>("--wait")
        {
            Description = "Seconds to wait for timers, retries and deliveries that are not due yet. Default 30.",
            DefaultValueFactory = _ => 30,
        };
        var data = DataDirectoryOption.Create();
        var command = new Command("run", "Run the definition once in the embedded database of the data directory and print the result as JSON.")
        {
            file, input, decide, user, wait, data,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var loaded = DefinitionFile.Load(parsed.GetValue(file)!, HubActivityRegistry.Create());
            var arguments = ParseInput(parsed.GetValue(input)!);
            var plan = DecisionPlan.Parse(parsed.GetValue(decide) ?? []);
            if (parsed.GetValue(wait) is < 0 or > 3600)
            {
                throw new CommandLineFailure("--wait must be between 0 and 3600 seconds.", 2);
            }

            if (!loaded.IsValid)
            {
                throw loaded.Invalid();
            }

            // Checked before the Hub starts, so a refused input publishes nothing either; the engine checks again.
            if (InputSchemaValidator.ValidateStart(loaded.Definition!.InputSchema, arguments, InputLimits.Default) is { Count: > 0 } problems)
            {
                throw new CommandLineFailure(string.Join(Environment.NewLine,
                    problems.Select(p => $"--input {p.Path}: {p.Message}").Prepend($"--input does not fit '{loaded.Definition.Id}':")), 2);
            }

            var unknown = plan.Nodes.Where(n => loaded.Definition!.Flowchart.Nodes.All(node => node.Id != n)).ToList();
            if (unknown.Count > 0)
            {
                throw new CommandLineFailure($"--decide names no node of '{loaded.Definition!.Id}': {string.Join(", ", unknown)}.", 2);
            }

            var report = await CommandNode.RunAsync(parsed.GetValue(data)!, seedDemo: true, services => services.AddSingleton<WorkflowRun>(),
                services => services.GetRequiredService<WorkflowRun>().RunAsync(
                    loaded.Definition!, arguments, parsed.GetValue(user)!, plan, TimeSpan.FromSeconds(parsed.GetValue(wait)), cancellationToken),
                cancellationToken);
            Console.Out.WriteLine(report.ToJson());
            if (report.Status != "Completed")
            {
                throw new CommandLineFailure($"instance {report.InstanceId} ended {report.Status}" + report.Status switch
                {
                    "Suspended" => ": it waits for a task no --decide answers, or for a timer beyond --wait.",
                    "Faulted" when report.Fault is { } fault && fault.TryGetProperty("nodeId", out var node) =>
                        $": node '{node.GetString()}' faulted ({fault.GetProperty("message").GetString()}); its incident waits for an operator's retry, skip or cancel.",
                    _ => ".",
                });
            }

            return 0;
        });
        return command;
    }

    private static JsonElement ParseInput(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CommandLineFailure($"--input must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.", 2);
            }

            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CommandLineFailure($"--input is not JSON: {e.Message}", 2);
        }
    }
}
