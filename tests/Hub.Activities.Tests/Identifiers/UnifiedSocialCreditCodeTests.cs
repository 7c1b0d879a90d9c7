using Hub.Activities.Identifiers;

namespace Hub.Activities.Tests.Identifiers;

/// <summary>GB 32100-2015 check character; vectors from ../shared/references/identifiers.md.</summary>
public sealed class UnifiedSocialCreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110108063311121P")]
    [InlineData("51440000700000124N")]
    public void TryParse_ValidCode_Accepted(string text)
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(text, out var code, out var error), error);
        Assert.Equal(text, code!.Value);
    }

    [Theory]
    [InlineData("91350100M000100Y42", "check character is wrong (expected 3)")]
    [InlineData("91350100M000100Y4I", "Character 18 of the unified social credit code is not allowed")]
    [InlineData("9135010M0000100Y43", "check character is wrong (expected 4)")]
    [InlineData("91350100m000100Y43", "Character 9")]
    [InlineData("91350100M000100Y4", "has 18 characters, not 17")]
    [InlineData("", "is required")]
    [InlineData(null, "is required")]
    [InlineData("91350100M000100Y43\u0000", "has 18 characters, not 19")]
    [InlineData("９１３５０１００Ｍ０００１００Ｙ４３", "Character 1")]
    public void TryParse_InvalidCode_RefusedWithReason(string? text, string reason)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(text, out var code, out var error));
        Assert.Null(code);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EnormousInput_RefusedWithoutEchoingIt()
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(new string('9', 1_000_000), out _, out var error));
        Assert.Equal("A unified social credit code has 18 characters, not 999.", error);
    }

    [Fact]
    public void CheckCharacter_EveryPosition_ChangesWhenADigitChanges()
    {
        const string valid = "91350100M000100Y43";
        for (var i = 0; i < 17; i++)
        {
            var altered = valid.ToCharArray();
            altered[i] = altered[i] == '0' ? '1' : '0';
            Assert.NotEqual(valid[17], UnifiedSocialCreditCode.CheckCharacter(altered.AsSpan(0, 17)));
        }
    }
}
