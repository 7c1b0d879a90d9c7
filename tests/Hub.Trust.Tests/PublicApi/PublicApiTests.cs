using Hub.Trust.Signing;

namespace Hub.Trust.Tests.PublicApi;

/// <summary>
/// Keeps Hub.Trust's public surface deliberate (STYLE.md §6): every exported type and public or protected member of
/// every namespace is listed in PublicApi/Hub.Trust.txt beside this file, so any change to it shows up in review.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HubTrust_MatchesTrackedListing()
    {
        var actual = new PublicApiListing(typeof(PdfSigner).Assembly).Lines();

        var difference = new PublicApiFile(Path.Combine("tests", "Hub.Trust.Tests", "PublicApi", "Hub.Trust.txt")).Compare(actual);

        Assert.True(difference is null, difference);
    }
}
