using System.CommandLine;
using Hub.Server.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Cli;

/// <summary><c>hub migrate --connection CS</c>: bring an external database's schema up to this Hub's version.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var connection = new Option<string>("--connection")
        {
            Description = "PostgreSQL connection string.",
            Required = true,
        };
        var command = new Command("migrate", "Apply the shipped schema migrations to a PostgreSQL database.") { connection };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
            try
            {
                await using var dataSource = NpgsqlDataSource.Create(parsed.GetValue(connection)!);
                await new SchemaMigrator(dataSource, loggers.CreateLogger<SchemaMigrator>()).MigrateAsync(cancellationToken);
                return 0;
            }
            catch (Exception exception) when (exception is NpgsqlException or ArgumentException or InvalidOperationException)
            {
                throw new CommandLineFailure(exception.Message);
            }
        });
        return command;
    }
}
