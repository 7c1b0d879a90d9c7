using Xunit.Abstractions;

namespace Hub.Trust.Tests.Verification;

/// <summary>
/// The public surface of Hub.Trust.Verification is reviewed in Hub.Trust/Verification/PublicApi.txt (STYLE.md §6): any change to it
/// shows up in that file's diff.
/// </summary>
public sealed class VerificationPublicApiTests(ITestOutputHelper output)
{
    [Fact]
    public void PublicSurface_OfVerificationNamespace_MatchesReviewedList() => output.WriteLine(PublicApiListing.AssertMatches("Verification"));
}
