using Hub.Workflows.Activities;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>The core activities and the test ones that fault on purpose.</summary>
internal static class TestActivities
{
    public static ActivityRegistry Registry { get; } = ActivityRegistry.CreateCore().Register<FlakyStep>().Register<FaultingSignalWait>();
}
