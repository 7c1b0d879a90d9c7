using System.Security.Cryptography;
using Hub.Trust.Timestamps;

namespace Hub.Trust.Tests.Timestamps;

/// <summary>
/// The stamper a Hub node uses with its own TSA: a real RFC 3161 exchange without HTTP, whose answer passes the same
/// checks as the HTTP client's (those checks against misbehaving TSAs are in <see cref="TimestampClientTests"/>).
/// </summary>
public sealed class InProcessTimeStamperTests
{
    private static readonly byte[] Document = "劳动合同 HR-2026-0107, term 36 months"u8.ToArray();

    [Fact]
    public async Task TimestampDataAsync_OwnAuthority_ReturnsVerifiedTokenWithAuthorityTimeAndPolicy()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var stamper = new InProcessTimeStamper(tsa.Authority);

        var token = await stamper.TimestampDataAsync(Document, CancellationToken.None);

        Assert.Equal(SHA256.HashData(Document), token.TokenInfo.GetMessageHash().ToArray());
        Assert.Equal(TimestampAuthorityOptions.DefaultPolicyOid, token.TokenInfo.PolicyId.Value);
        var now = tsa.Pki.Time.GetUtcNow();
        Assert.Equal(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero), token.TokenInfo.Timestamp, TimeSpan.FromTicks(1));
        Assert.NotNull(token.TokenInfo.GetNonce());
        Assert.True(token.VerifySignatureForData(Document, out var signer));
        Assert.Equal(tsa.Certificate.Certificate.RawData, signer!.RawData);
    }

    [Fact]
    public async Task TimestampDataAsync_Sha512Stamper_TokenCarriesSha512Imprint()
    {
        using var tsa = await PkiTsa.CreateAsync(options: new TimestampAuthorityOptions { PolicyOid = "1.3.6.1.4.1.99999.9" });
        var stamper = new InProcessTimeStamper(tsa.Authority, HashAlgorithmName.SHA512);

        var token = await stamper.TimestampDataAsync(Document, CancellationToken.None);

        Assert.Equal("2.16.840.1.101.3.4.2.3", token.TokenInfo.HashAlgorithmId.Value);
        Assert.Equal(SHA512.HashData(Document), token.TokenInfo.GetMessageHash().ToArray());
        Assert.Equal("1.3.6.1.4.1.99999.9", token.TokenInfo.PolicyId.Value);
    }

    [Fact]
    public async Task TimestampHashAsync_ImprintOfWrongLength_ThrowsWithTheAuthorityRefusal()
    {
        using var tsa = await PkiTsa.CreateAsync();
        var stamper = new InProcessTimeStamper(tsa.Authority);

        var error = await Assert.ThrowsAsync<TimestampException>(
            () => stamper.TimestampHashAsync(new byte[] { 1, 2, 3, 4, 5 }, HashAlgorithmName.SHA256, CancellationToken.None));

        Assert.Equal(
            "TSA 'CN=Hub Test TSA, O=Hub Test Group, C=CN' (in process) refused the request: status rejection, failInfo badDataFormat: "
            + "The SHA-256 imprint has 5 bytes; expected 32.",
            error.Message);
    }

    [Fact]
    public async Task TimestampDataAsync_AuthorityKeyNotMatchingItsCertificate_ThrowsSystemFailure()
    {
        using var tsa = await PkiTsa.CreateAsync();
        using var otherKey = RSA.Create(2048);
        var authority = new TimestampAuthority(new TimestampAuthorityOptions(), tsa.Certificate.Certificate, otherKey, [], tsa.Pki.Time);
        var stamper = new InProcessTimeStamper(authority);

        var error = await Assert.ThrowsAsync<TimestampException>(() => stamper.TimestampDataAsync(Document, CancellationToken.None));

        Assert.Equal(
            "TSA 'CN=Hub Test TSA, O=Hub Test Group, C=CN' (in process) refused the request: status rejection, failInfo systemFailure: "
            + "The TSA could not sign: Could not determine signature algorithm for the signer certificate.",
            error.Message);
    }

    [Fact]
    public async Task Constructor_Sha1_ThrowsNamingTheAlgorithm()
    {
        using var tsa = await PkiTsa.CreateAsync();

        var error = Assert.Throws<ArgumentException>(() => new InProcessTimeStamper(tsa.Authority, HashAlgorithmName.SHA1));

        Assert.StartsWith("Hash algorithm SHA1 is not accepted for time-stamps; use SHA256, SHA384 or SHA512.", error.Message, StringComparison.Ordinal);
    }
}
