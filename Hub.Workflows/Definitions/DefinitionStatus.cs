namespace Hub.Workflows.Definitions;

/// <summary>Where a definition version is in its life: draft → published → retired, never backwards.</summary>
public enum DefinitionStatus
{
    /// <summary>Editable; no instance may start on it.</summary>
    Draft,

    /// <summary>Validated and frozen; new instances start on it.</summary>
    Published,

    /// <summary>No new instances; running ones keep their pinned snapshot.</summary>
    Retired,
}
