using System.Globalization;
using Hub.Activities.Documents.Amounts;

namespace Hub.Activities.Tests.Documents;

public sealed class ChineseAmountTests
{
    // Expected strings written out by hand from the PBOC 《支付结算办法》 annex 1 rules (first form where two are allowed);
    // the examples quoted in that annex are marked.
    public static TheoryData<string, string> Amounts => new()
    {
        { "0", "零元整" },
        { "0.01", "壹分" },
        { "0.05", "伍分" },
        { "0.10", "壹角整" },
        { "0.50", "伍角整" },
        { "0.56", "伍角陆分" },
        { "1", "壹元整" },
        { "1.01", "壹元零壹分" },
        { "1.10", "壹元壹角整" },
        { "10", "壹拾元整" },
        { "10.05", "壹拾元零伍分" },
        { "10.50", "壹拾元零伍角整" },
        { "11", "壹拾壹元整" },
        { "100", "壹佰元整" },
        { "101", "壹佰零壹元整" },
        { "110", "壹佰壹拾元整" },
        { "325.04", "叁佰贰拾伍元零肆分" }, // annex example
        { "1000", "壹仟元整" },
        { "1001", "壹仟零壹元整" },
        { "1010", "壹仟零壹拾元整" },
        { "1100", "壹仟壹佰元整" },
        { "1409.50", "壹仟肆佰零玖元伍角整" }, // annex example
        { "1680.32", "壹仟陆佰捌拾元零叁角贰分" }, // annex example, first form
        { "6007.14", "陆仟零柒元壹角肆分" }, // annex example
        { "10000", "壹万元整" },
        { "10001", "壹万零壹元整" },
        { "10010", "壹万零壹拾元整" },
        { "10100", "壹万零壹佰元整" },
        { "12345.60", "壹万贰仟叁佰肆拾伍元陆角整" },
        { "16409.02", "壹万陆仟肆佰零玖元零贰分" }, // annex example
        { "100000", "壹拾万元整" },
        { "100500", "壹拾万零伍佰元整" },
        { "107000.53", "壹拾万柒仟元零伍角叁分" }, // annex example, first form
        { "1000000", "壹佰万元整" },
        { "1000001", "壹佰万零壹元整" },
        { "1010101.01", "壹佰零壹万零壹佰零壹元零壹分" },
        { "10000000", "壹仟万元整" },
        { "100000000", "壹亿元整" },
        { "100000001", "壹亿零壹元整" },
        { "100001000", "壹亿零壹仟元整" },
        { "100010000", "壹亿零壹万元整" },
        { "110000000", "壹亿壹仟万元整" },
        { "101000000", "壹亿零壹佰万元整" },
        { "1000000000", "壹拾亿元整" },
        { "1234567890.12", "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹角贰分" },
        { "200000000000", "贰仟亿元整" },
        { "999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
        { "5.00", "伍元整" },
        { "12.340", "壹拾贰元叁角肆分" }, // a trailing zero beyond 分 is not a fraction of a fen
        { "20.20", "贰拾元零贰角整" },
        { "90009.09", "玖万零玖元零玖分" },
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void ToUppercase_TrickyAmount_WritesPbocForm(string figures, string expected)
    {
        var amount = decimal.Parse(figures, NumberStyles.Number, CultureInfo.InvariantCulture);

        Assert.Equal(expected, ChineseAmount.ToUppercase(amount));
    }

    [Fact]
    public void ToUppercase_Negative_Refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ChineseAmount.ToUppercase(-0.01m));

        Assert.StartsWith("An uppercase amount cannot be negative: -0.01.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUppercase_FractionOfFen_Refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ChineseAmount.ToUppercase(12.345m));

        Assert.StartsWith("An uppercase amount has at most two decimals (角 and 分); 12.345 has more.", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ToUppercase_TrillionOrMore_Refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ChineseAmount.ToUppercase(1_000_000_000_000m));

        Assert.StartsWith("An uppercase amount is written up to 999999999999.99 yuan; 1000000000000 is larger.", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ToUppercase_DecimalMaxValue_RefusedAsOverflow()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ChineseAmount.ToUppercase(decimal.MaxValue));

        Assert.Contains("is larger", e.Message, StringComparison.Ordinal);
    }
}
