using Hub.Activities.Identifiers;

namespace Hub.Activities.Tests.Identity;

/// <summary>GB 11643-1999 numbers, with the worked vectors of ../shared/references/identifiers.md.</summary>
public sealed class ResidentIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    [Theory]
    [InlineData("11010519491231002X", "1949-12-31")]
    [InlineData("440524188001010014", "1880-01-01")]
    [InlineData("330106200001011235", "2000-01-01")]
    public void TryParse_StandardVectors_AreValid(string text, string birth)
    {
        Assert.True(ResidentIdNumber.TryParse(text, Today, out var number, out var error), error);
        Assert.Equal(text, number!.Value);
        Assert.Equal(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), number.BirthDate);
    }

    [Fact]
    public void TryParse_LowerCaseX_IsNormalised()
    {
        Assert.True(ResidentIdNumber.TryParse("11010519491231002x", Today, out var number, out _));
        Assert.Equal("11010519491231002X", number!.Value);
    }

    [Theory]
    [InlineData("110105194912310021", "The resident ID number's check character is wrong (expected X).")]
    [InlineData("440524188001010041", "The resident ID number's check character is wrong (expected 9).")]
    [InlineData("110105194913310021", "The resident ID number's birth date (digits 7 to 14) is not a calendar date.")]
    [InlineData("110105190002290020", "The resident ID number's birth date (digits 7 to 14) is not a calendar date.")]
    [InlineData("110105209901010012", "The resident ID number's birth date (digits 7 to 14) lies in the future.")]
    [InlineData("990105194912310021", "The resident ID number's area code (first six digits) is not a county-level code of GB/T 2260.")]
    [InlineData("110000194912310021", "The resident ID number's area code (first six digits) is not a county-level code of GB/T 2260.")]
    [InlineData("1101051949123100", "A resident ID number has 18 characters, not 16.")]
    [InlineData("", "A resident ID number is required.")]
    [InlineData(null, "A resident ID number is required.")]
    [InlineData("11010519491231002Y", "The last character of the resident ID number must be a digit or X.")]
    [InlineData("1101051949123100X2", "Character 17 of the resident ID number must be a digit.")]
    [InlineData("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "Character 1 of the resident ID number must be a digit.")]
    [InlineData("11010519491231002X\n", "A resident ID number has 18 characters, not 19.")]
    [InlineData("'; DROP TABLE x;--1", "A resident ID number has 18 characters, not 19.")]
    public void TryParse_InvalidOrHostile_RefusedWithReasonThatNeverEchoesTheInput(string? text, string expected)
    {
        Assert.False(ResidentIdNumber.TryParse(text, Today, out var number, out var error));
        Assert.Null(number);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_VeryLongInput_ReportsBoundedLength()
    {
        Assert.False(ResidentIdNumber.TryParse(new string('1', 100_000), Today, out _, out var error));
        Assert.Equal("A resident ID number has 18 characters, not 999.", error);
    }

    [Fact]
    public void ToString_ShowsOnlyTheMaskedForm()
    {
        Assert.True(ResidentIdNumber.TryParse("11010519491231002X", Today, out var number, out _));
        Assert.Equal("1*************002X", number!.ToString());
        Assert.Equal(18, number.Masked.Length);
    }

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+8613812345678", "138****5678")]
    [InlineData("8613812345678", "138****5678")]
    public void Mobile_ValidForms_ParseAndMask(string text, string masked)
    {
        Assert.True(MobileNumber.TryParse(text, out var number, out var error), error);
        Assert.Equal("13812345678", number!.Value);
        Assert.Equal(masked, number.Masked);
        Assert.Equal(masked, number.ToString());
    }

    [Theory]
    [InlineData("1381234567", "A mobile number has 11 digits.")]
    [InlineData("12812345678", "A mobile number starts with 13 to 19.")]
    [InlineData("1381234567a", "A mobile number has 11 digits.")]
    [InlineData(null, "A mobile number is required.")]
    public void Mobile_Invalid_Refused(string? text, string expected)
    {
        Assert.False(MobileNumber.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Mask_ReferenceExamples_MatchIdentifiersMd()
    {
        // identifiers.md "Masking": 1**************02X, which keeps first 1 and last 4 of 18.
        Assert.Equal("1*************002X", PersonalDataMask.IdNumber("11010519491231002X"));
        Assert.Equal("138****5678", PersonalDataMask.Mobile("13812345678"));
        Assert.Equal("张**", PersonalDataMask.Name("张三丰"));
        Assert.Equal("****", PersonalDataMask.IdNumber("1234"));
    }
}
