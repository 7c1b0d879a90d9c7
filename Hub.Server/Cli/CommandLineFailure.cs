namespace Hub.Server.Cli;

/// <summary>A command failed for a reason the user can act on; printed as one line.</summary>
public sealed class CommandLineFailure(string message, int exitCode = 1) : Exception(message)
{
    /// <summary>The process exit code: 2 for bad input, 1 for a failure while running.</summary>
    public int ExitCode { get; } = exitCode;
}
