using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;

namespace Hub.Server.Cli.Workflow;

/// <summary>A definition file as the workflow verbs read it: unreadable is bad input (exit 2), malformed or
/// unpublishable is an invalid definition (exit 1) with every problem listed.</summary>
internal sealed record DefinitionFile(string Path, WorkflowDefinition? Definition, IReadOnlyList<string> Problems)
{
    public bool IsValid => Definition is not null && Problems.Count == 0;

    /// <exception cref="CommandLineFailure">The file cannot be read (exit code 2).</exception>
    public static DefinitionFile Load(string path, ActivityRegistry registry)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandLineFailure($"cannot read {path}: {e.Message}", 2);
        }

        WorkflowDefinition definition;
        try
        {
            definition = WorkflowDefinitions.Read(bytes);
        }
        catch (DefinitionFormatException e)
        {
            return new DefinitionFile(path, null, [$"format: {e.Message}"]);
        }

        var problems = WorkflowDefinitions.Validate(definition, registry);
        return new DefinitionFile(path, definition, [.. problems.Select(p => p.ToString())]);
    }

    /// <summary>The one-line failure for an invalid file (exit code 1).</summary>
    public CommandLineFailure Invalid() => new(Problems.Count == 1
        ? $"{Path} is invalid: {Problems[0]}"
        : $"{Path} is invalid: {Problems.Count} problems, the first: {Problems[0]} (./hub workflow validate lists them all)");
}
