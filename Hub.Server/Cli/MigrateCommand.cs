using System.CommandLine;
using Hub.Server.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Cli;

/// <summary>
/// <c>hub migrate --connection OWNER [--runtime-role NAME]</c>: bring an external database's schema up to this Hub's
/// version as its owner, then grant the runtime role what a serving node needs.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var connection = new Option<string>("--connection")
        {
            Description = "PostgreSQL connection string.",
            Required = true,
        };
        var runtimeRole = new Option<string?>("--runtime-role")
        {
            Description = "The role the Hub serves on: created if missing (without a password), then granted what the Hub needs. Not a superuser, not the owner.",
        };
        var command = new Command("migrate", "Apply the shipped schema migrations to a PostgreSQL database, as its schema owner.")
        {
            connection, runtimeRole,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
            try
            {
                var role = parsed.GetValue(runtimeRole) is { } name ? RuntimeGrants.ValidateRoleName(name) : null;
                await using var dataSource = NpgsqlDataSource.Create(parsed.GetValue(connection)!);
                await new SchemaMigrator(dataSource, loggers.CreateLogger<SchemaMigrator>()).MigrateAsync(role, cancellationToken);
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
