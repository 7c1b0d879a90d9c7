using Hub.Server.Database;
using Hub.Server.Hosting;
using Hub.Server.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;

namespace Hub.Server.Cli;

/// <summary>
/// The node a CLI verb runs in, so the shell and a running <c>hub serve</c> share one database (the workflow engine,
/// the CA's state): starts the data directory's embedded PostgreSQL, or attaches to it when <c>hub serve</c> runs it,
/// then builds a node with every service but no listener and no background workers.
/// </summary>
internal static class CommandNode
{
    /// <summary>Prepares the node (migrations, CA file import, demo seed when <paramref name="seedDemo"/>) and runs
    /// <paramref name="work"/> with its services. Logs go to stderr so stdout carries only the verb's result.</summary>
    /// <exception cref="CommandLineFailure">The database or the node's preparation failed; the message is one line.</exception>
    public static async Task<T> RunAsync<T>(string dataDirectory, bool seedDemo, Action<IServiceCollection>? services,
        Func<IServiceProvider, Task<T>> work, CancellationToken cancellationToken)
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
                SeedDemo = seedDemo,
                Workflows = new WorkflowHostOptions { WorkerLoops = 0 },
            }, builder =>
            {
                builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(console => console.SingleLine = true);
                builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
                services?.Invoke(builder.Services);
            });
            await using (app)
            {
                // The seeder prints the demo credentials once; they belong on the terminal, not in the verb's result.
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
