using Hub.Activities.Identifiers;

namespace Hub.Activities.Tests.Identity;

/// <summary>GB 32100 codes built to slip past a lax check: the excluded letters, look-alikes, injection and size.</summary>
public sealed class CreditCodeHostileInputTests
{
    [Theory]
    [InlineData("91350100M000100YO3", 17)]
    [InlineData("91350100M000100YZ3", 17)]
    [InlineData("91350100M000100YS3", 17)]
    [InlineData("91350100M000100YV3", 17)]
    [InlineData("9135010 M000100Y43", 8)]
    [InlineData("91350100M000100Y4\u0410", 18)]
    [InlineData("' OR 1=1 --0000000", 1)]
    public void TryParse_ExcludedOrForeignCharacters_NamesThePosition(string code, int position)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(code, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Equal($"Character {position} of the unified social credit code is not allowed (digits and upper-case letters except I, O, Z, S, V).", error);
    }

    [Fact]
    public void TryParse_Megabyte_RefusedWithBoundedMessage()
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(new string('9', 1 << 20), out _, out var error));
        Assert.Equal("A unified social credit code has 18 characters, not 999.", error);
    }
}
