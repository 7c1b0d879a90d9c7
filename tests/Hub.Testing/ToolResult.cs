namespace Hub.Testing;

/// <summary>How an external tool exited and what it wrote.</summary>
public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Standard output then standard error, as a reader of a failure wants them.</summary>
    public string Output => StdOut + StdErr;

    public void Deconstruct(out int exitCode, out string output)
    {
        exitCode = ExitCode;
        output = Output;
    }
}
