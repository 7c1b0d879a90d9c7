namespace Hub.Workflows.Activities;

/// <summary>One output of an activity.</summary>
/// <param name="Name">The output name.</param>
/// <param name="Type">Its JSON type.</param>
/// <param name="Description">What it holds.</param>
public sealed record OutputDescriptor(string Name, string Type, string Description);
