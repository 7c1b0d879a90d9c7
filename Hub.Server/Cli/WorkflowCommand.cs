using System.CommandLine;
using System.Text.Json;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Identity.Activities;
using Hub.Server.Cli.Workflow;
using Hub.Server.Database;
using Hub.Server.Hosting;
using Hub.Server.Workflows;
using Hub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;

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
            var loaded = DefinitionFile.Load(parsed.GetValue(file)!, ActivityRegistry.CreateCore().AddDocumentActivities().AddIdentityActivities());
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
            var loaded = DefinitionFile.Load(parsed.GetValue(file)!, ActivityRegistry.CreateCore().AddDocumentActivities().AddIdentityActivities());
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

            var unknown = plan.Nodes.Where(n => loaded.Definition!.Flowchart.Nodes.All(node => node.Id != n)).ToList();
            if (unknown.Count > 0)
            {
                throw new CommandLineFailure($"--decide names no node of '{loaded.Definition!.Id}': {string.Join(", ", unknown)}.", 2);
            }

            var report = await RunInDatabaseAsync(parsed.GetValue(data)!, services => services.GetRequiredService<WorkflowRun>().RunAsync(
                loaded.Definition!, arguments, parsed.GetValue(user)!, plan, TimeSpan.FromSeconds(parsed.GetValue(wait)), cancellationToken), cancellationToken);
            Console.Out.WriteLine(report.ToJson());
            if (report.Status != "Completed")
            {
                throw new CommandLineFailure($"instance {report.InstanceId} ended {report.Status}" + (report.Status == "Suspended"
                    ? ": it waits for a task no --decide answers, or for a timer beyond --wait."
                    : "."));
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

    /// <summary>Starts (or attaches to) the embedded database, migrates and seeds the demo group, and runs
    /// <paramref name="work"/> with a node's services but no listener and no background workers. Logs go to stderr
    /// so stdout carries only the result.</summary>
    private static async Task<T> RunInDatabaseAsync<T>(string dataDirectory, Func<IServiceProvider, Task<T>> work, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(console => console.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        var embedded = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(dataDirectory, "pg") },
            loggers.CreateLogger("Hub.Server.Database"));
        var stdout = Console.Out;
        try
        {
            await embedded.StartAsync(cancellationToken);
            var app = HubWebApplication.Build(new HubServerOptions
            {
                ConnectionString = embedded.ConnectionString,
                Urls = "http://127.0.0.1:0",
                DataDirectory = dataDirectory,
                SeedDemo = true,
                Workflows = new WorkflowHostOptions { WorkerLoops = 0 },
            }, builder =>
            {
                builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(console => console.SingleLine = true);
                builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
                builder.Services.AddSingleton<WorkflowRun>();
            });
            await using (app)
            {
                // The seeder prints the demo credentials once; they belong on the terminal, not in the JSON result.
                Console.SetOut(Console.Error);
                await HubWebApplication.PrepareAsync(app, cancellationToken);
                Console.SetOut(stdout);
                return await work(app.Services);
            }
        }
        catch (Exception exception) when (exception is EmbeddedPostgresException or NpgsqlException or IOException or InvalidOperationException)
        {
            throw new CommandLineFailure(exception.Message);
        }
        finally
        {
            Console.SetOut(stdout);
            await embedded.StopAsync(CancellationToken.None);
        }
    }
}
