using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

/// <summary>
/// The public surface of Hub.Trust.Signing is reviewed in Hub.Trust/Signing/PublicApi.txt (STYLE.md §6): any change to it
/// shows up in that file's diff.
/// </summary>
public sealed class SigningPublicApiTests(ITestOutputHelper output)
{
    [Fact]
    public void PublicSurface_OfSigningNamespace_MatchesReviewedList() => output.WriteLine(PublicApiListing.AssertMatches("Signing"));
}
