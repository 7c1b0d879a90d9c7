using System.Text;
using Hub.Activities.Identity.Otp;

namespace Hub.Activities.Tests.Identity;

/// <summary>The test vectors of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA-1).</summary>
public sealed class OneTimeCodeTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(0, "755224")]
    [InlineData(1, "287082")]
    [InlineData(2, "359152")]
    [InlineData(3, "969429")]
    [InlineData(4, "338314")]
    [InlineData(5, "254676")]
    [InlineData(6, "287922")]
    [InlineData(7, "162583")]
    [InlineData(8, "399871")]
    [InlineData(9, "520489")]
    public void Hotp_Rfc4226AppendixD_Matches(long counter, string expected) =>
        Assert.Equal(expected, OneTimeCode.Hotp(Secret, counter));

    [Theory]
    [InlineData(59, "94287082")]
    [InlineData(1111111109, "07081804")]
    [InlineData(1111111111, "14050471")]
    [InlineData(1234567890, "89005924")]
    [InlineData(2000000000, "69279037")]
    [InlineData(20000000000, "65353130")]
    public void Totp_Rfc6238AppendixB_Sha1Matches(long unixSeconds, string expected) =>
        Assert.Equal(expected, OneTimeCode.Totp(Secret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), TimeSpan.FromSeconds(30), 8));

    [Fact]
    public void Matches_DifferentLengthOrDigit_IsFalse()
    {
        Assert.True(OneTimeCode.Matches("123456", "123456"));
        Assert.False(OneTimeCode.Matches("123456", "123457"));
        Assert.False(OneTimeCode.Matches("123456", "12345"));
        Assert.False(OneTimeCode.Matches("123456", null));
    }
}
