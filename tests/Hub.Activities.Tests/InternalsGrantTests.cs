using System.Reflection;
using System.Runtime.CompilerServices;
using Hub.Activities.Identity;

namespace Hub.Activities.Tests;

/// <summary>The domain's internals are seen by its tests and benchmarks only: the host uses its public surface.</summary>
public sealed class InternalsGrantTests
{
    [Fact]
    public void HubActivities_GrantsInternals_ToTestsAndBenchOnly()
    {
        var granted = typeof(IdentityException).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName).Order(StringComparer.Ordinal);

        Assert.Equal(["Hub.Activities.Tests", "Hub.Bench", "Hub.Server.Tests"], granted);
    }
}
