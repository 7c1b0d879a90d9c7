namespace Hub.Workflows.Definitions;

/// <summary>A definition version with its lifecycle status. Transitions return a new value and throw on a wrong
/// transition, never doing nothing. Publishing pins the content hash; running instances keep the snapshot they
/// started on, so republishing (a new version) never changes them.</summary>
public sealed record DefinitionVersion
{
    private DefinitionVersion(WorkflowDefinition definition, DefinitionStatus status, string? contentHash)
    {
        Definition = definition;
        Status = status;
        ContentHash = contentHash;
    }

    /// <summary>The definition.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>The lifecycle status.</summary>
    public DefinitionStatus Status { get; }

    /// <summary>The content hash fixed at publication; null for a draft.</summary>
    public string? ContentHash { get; }

    /// <summary>A new draft.</summary>
    public static DefinitionVersion Draft(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(definition, DefinitionStatus.Draft, null);
    }

    /// <summary>Publishes a draft after validating it against <paramref name="registry"/>.</summary>
    /// <exception cref="InvalidOperationException">The version is not a draft.</exception>
    /// <exception cref="DefinitionInvalidException">Validation found problems; all of them are listed.</exception>
    public DefinitionVersion Publish(Activities.ActivityRegistry registry)
    {
        if (Status != DefinitionStatus.Draft)
        {
            throw new InvalidOperationException(
                $"definition '{Definition.Id}' version {Definition.Version} is {Status.ToString().ToLowerInvariant()}; only a draft can be published");
        }

        var problems = WorkflowDefinitions.Validate(Definition, registry);
        if (problems.Count > 0)
        {
            throw new DefinitionInvalidException(Definition.Id, Definition.Version, problems);
        }

        return new(Definition, DefinitionStatus.Published, WorkflowDefinitions.Hash(Definition));
    }

    /// <summary>Retires a published version.</summary>
    /// <exception cref="InvalidOperationException">The version is not published.</exception>
    public DefinitionVersion Retire()
    {
        if (Status != DefinitionStatus.Published)
        {
            throw new InvalidOperationException(
                $"definition '{Definition.Id}' version {Definition.Version} is {Status.ToString().ToLowerInvariant()}; only a published version can be retired");
        }

        return new(Definition, DefinitionStatus.Retired, ContentHash);
    }
}
