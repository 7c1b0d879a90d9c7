using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// The public surface of Hub.Trust.Pdf is reviewed in Hub.Trust/Pdf/PublicApi.txt (STYLE.md §6): any change to it
/// shows up in that file's diff.
/// </summary>
public sealed class PdfPublicApiTests(ITestOutputHelper output)
{
    [Fact]
    public void PublicSurface_OfPdfNamespace_MatchesReviewedList() => output.WriteLine(PublicApiListing.AssertMatches("Pdf"));
}
