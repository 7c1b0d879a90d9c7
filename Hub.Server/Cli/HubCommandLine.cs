using System.CommandLine;
using System.CommandLine.Help;

namespace Hub.Server.Cli;

/// <summary>
/// The <c>hub</c> command: <c>serve</c>, <c>migrate</c>, and the verbs later features add. Bad input is one line on
/// stderr and exit code 2; a failure while running is one line and exit code 1.
/// </summary>
public static class HubCommandLine
{
    /// <summary>Parses and runs a command line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // Named for how people run it (the repository's ./hub script), not for the assembly a RootCommand would show.
        var root = new Command("./hub", "The Hub: approval-then-seal workflows with electronic seals.")
        {
            new HelpOption(),
            new VersionOption(),
            ServeCommand.Create(),
            MigrateCommand.Create(),
            CaCommand.Create(),
            PdfCommand.Create(),
            DocCommand.Create(),
            WorkflowCommand.Create(),
            IdentityCommand.Create(),
            SealCommand.Create(),
            EvidenceCommand.Create(),
            DocumentCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, even where System.CommandLine lists the allowed values on lines of their own.
            var message = string.Join(' ', parsed.Errors[0].Message.Split(['\n', '\r', '\t'],
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await Console.Error.WriteLineAsync("hub: " + message + " (see ./hub --help)");
            return 2;
        }

        try
        {
            // The host handles SIGINT/SIGTERM itself so that it can stop PostgreSQL cleanly.
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (CommandLineFailure failure)
        {
            await Console.Error.WriteLineAsync("hub: " + failure.Message);
            return failure.ExitCode;
        }
    }
}
