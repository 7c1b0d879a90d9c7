namespace Hub.Workflows.Definitions;

/// <summary>Publishing refused: the definition has problems, every one of them listed.</summary>
public sealed class DefinitionInvalidException : Exception
{
    /// <summary>Creates the exception; the message names the definition and every problem.</summary>
    public DefinitionInvalidException(string id, int version, IReadOnlyList<DefinitionProblem> problems)
        : base($"definition '{id}' version {version} has {problems.Count} problem(s): "
            + string.Join("; ", problems.Select(p => p.ToString())))
    {
        Problems = problems;
    }

    /// <summary>The problems found.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; }
}
