using System.CommandLine;
using Hub.Server.Database;
using Hub.Server.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Cli;

/// <summary>
/// <c>hub serve</c>: start the embedded PostgreSQL (unless --connection), migrate as the schema owner, seed, serve as the
/// runtime role.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';'.",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var connection = new Option<string?>("--connection")
        {
            Description = "Use this external PostgreSQL (a connection string, as the runtime role) instead of the embedded one.",
        };
        var migrateConnection = new Option<string?>("--migrate-connection")
        {
            Description = "With --connection: the schema owner's connection string, used only to migrate and grant the runtime role before serving.",
        };
        var dataDirectory = DataDirectoryOption.Create();
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not seed the demo group into an empty database." };
        var command = new Command("serve", "Serve the API and designer.") { urls, connection, migrateConnection, dataDirectory, noDemo };
        command.SetAction((parsed, cancellationToken) => RunAsync(new HubServeSettings(
            parsed.GetValue(urls)!, parsed.GetValue(connection), parsed.GetValue(migrateConnection), parsed.GetValue(dataDirectory)!,
            !parsed.GetValue(noDemo)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(HubServeSettings settings, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        var logger = loggers.CreateLogger("Hub.Server.Database");
        EmbeddedPostgres? embedded = null;
        try
        {
            var connectionString = settings.Connection;
            var migrationConnectionString = settings.MigrateConnection;
            if (connectionString is null)
            {
                if (migrationConnectionString is not null)
                {
                    throw new CommandLineFailure("--migrate-connection needs --connection (the embedded database migrates as its own owner).", 2);
                }

                // The embedded cluster's owner migrates and grants; the node then serves on the runtime role.
                embedded = new EmbeddedPostgres(
                    new EmbeddedPostgresOptions { DataDirectory = Path.Combine(settings.DataDirectory, "pg") }, logger);
                await embedded.StartAsync(cancellationToken);
                connectionString = embedded.RuntimeConnectionString;
                migrationConnectionString = embedded.ConnectionString;
            }
            else if (!IsConnectionString(connectionString))
            {
                throw new CommandLineFailure("--connection is not a PostgreSQL connection string (e.g. \"Host=db;Database=hub;Username=hub_runtime;Password=…\").", 2);
            }
            else if (migrationConnectionString is not null && !IsConnectionString(migrationConnectionString))
            {
                throw new CommandLineFailure("--migrate-connection is not a PostgreSQL connection string (e.g. \"Host=db;Database=hub;Username=hub_owner;Password=…\").", 2);
            }

            var app = HubWebApplication.Build(new HubServerOptions
            {
                ConnectionString = connectionString,
                MigrationConnectionString = migrationConnectionString,
                Urls = settings.Urls,
                DataDirectory = settings.DataDirectory,
                SeedDemo = settings.SeedDemo,
            });
            await HubWebApplication.PrepareAsync(app, cancellationToken);
            await app.StartAsync(cancellationToken);
            Console.Out.WriteLine($"Hub listening on {string.Join(", ", app.Urls)} (designer at /, API docs at /docs). Ctrl-C stops it.");
            await app.WaitForShutdownAsync(CancellationToken.None);
            await app.DisposeAsync();
            return 0;
        }
        catch (Exception exception) when (exception is EmbeddedPostgresException or NpgsqlException or IOException
                                              or InvalidOperationException)
        {
            throw new CommandLineFailure(exception.Message);
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.StopAsync(CancellationToken.None);
            }
        }
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
            return value.Contains('=', StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>What <c>hub serve</c> was asked to do.</summary>
internal sealed record HubServeSettings(string Urls, string? Connection, string? MigrateConnection, string DataDirectory,
    bool SeedDemo);
