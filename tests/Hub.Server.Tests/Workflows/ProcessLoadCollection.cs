namespace Hub.Server.Tests.Workflows;

/// <summary>Tests that run several <c>hub serve</c> processes under load: they run alone, after the parallel tests,
/// so their CPU use neither slows the timing-sensitive process tests of others nor is slowed by them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessLoadCollection
{
    public const string Name = "serve processes under load";
}
