using Hub.Server.Cli;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// Runs <c>hub</c> in this process with its standard output and error captured: for verbs that need no node (pdf sign,
/// verify, render). Console redirection is process-wide, so its users share the non-parallel PdfCommandTests collection.
/// </summary>
internal static class InProcessCommandLine
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = await HubCommandLine.RunAsync(args);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
