namespace Hub.Workflows.Definitions;

/// <summary>The definition document is not valid JSON of the definition format, or exceeds a limit. The message
/// gives the JSON path of the problem.</summary>
public sealed class DefinitionFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DefinitionFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DefinitionFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}
