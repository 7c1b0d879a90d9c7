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

    /// <summary>A version as it was stored: the status and content hash publication fixed are taken as they are, not
    /// earned again by validating (an activity type removed since must not stop a published version being retired).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is no <see cref="DefinitionStatus"/>.</exception>
    /// <exception cref="ArgumentException">A draft with a content hash, or a published or retired version without one.</exception>
    public static DefinitionVersion Rehydrate(WorkflowDefinition definition, DefinitionStatus status, string? contentHash)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "no such definition status");
        }

        if ((status == DefinitionStatus.Draft) != (contentHash is null))
        {
            throw new ArgumentException(
                $"definition '{definition.Id}' version {definition.Version}: a {status.ToString().ToLowerInvariant()} version " +
                (contentHash is null ? "needs a content hash" : "cannot have a content hash"), nameof(contentHash));
        }

        return new(definition, status, contentHash);
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
