using System.Globalization;
using System.Text;

namespace Hub.Activities.Documents.Amounts;

/// <summary>
/// Writes a renminbi amount in Chinese uppercase (大写金额) as finance documents and bills require, following the
/// People's Bank of China 《支付结算办法》 (银发〔1997〕393号), annex 1 《正确填写票据和结算凭证的基本规定》, clauses on
/// 中文大写金额数字. Where that text allows two forms, the first form it gives is written:
/// <list type="bullet">
/// <item>"整" follows "元" and "角"; nothing follows "分" (12345.60 → 壹万贰仟叁佰肆拾伍元陆角整).</item>
/// <item>One "零" stands for a run of zeros between non-zero digits (1409.50 → 壹仟肆佰零玖元伍角整).</item>
/// <item>A zero-run ending at 万 or 亿 is carried by that unit and not written (107000.53 → 壹拾万柒仟元零伍角叁分);
/// a whole 万 group of zeros between non-zero groups is written as one "零" (100001000 → 壹亿零壹仟元整).</item>
/// <item>When the 元 digit is zero and 角 or 分 follows, "元" is followed by "零" (1680.32 → 壹仟陆佰捌拾元零叁角贰分,
/// 16409.02 → 壹万陆仟肆佰零玖元零贰分).</item>
/// <item>"壹拾" keeps its "壹" (10 → 壹拾元整); an amount below one yuan starts at its first non-zero unit
/// (0.05 → 伍分); zero is 零元整.</item>
/// </list>
/// Negative amounts, fractions of a fen and amounts of a trillion yuan (万亿) or more are refused: a bill cannot
/// carry them.
/// </summary>
public static class ChineseAmount
{
    /// <summary>The largest amount written: 999,999,999,999.99 yuan (the 亿 group tops out at 仟亿).</summary>
    public const decimal MaxAmount = 999_999_999_999.99m;

    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] PlaceUnits = ["", "拾", "佰", "仟"];
    private static readonly string[] GroupUnits = ["", "万", "亿"];

    /// <summary>Writes <paramref name="amount"/> (in yuan, at most two decimals) in Chinese uppercase.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative, has a fraction of a fen, or exceeds
    /// <see cref="MaxAmount"/>; the message says which.</exception>
    public static string ToUppercase(decimal amount)
    {
        if (amount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount,
                $"An uppercase amount cannot be negative: {Show(amount)}.");
        }

        if (amount > MaxAmount)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount,
                $"An uppercase amount is written up to {Show(MaxAmount)} yuan; {Show(amount)} is larger.");
        }

        var fen = amount * 100m;
        if (fen != decimal.Truncate(fen))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount,
                $"An uppercase amount has at most two decimals (角 and 分); {Show(amount)} has more.");
        }

        var totalFen = (long)fen;
        var yuan = totalFen / 100;
        var jiao = (int)(totalFen / 10 % 10);
        var fenDigit = (int)(totalFen % 10);

        var text = new StringBuilder(32);
        if (yuan > 0)
        {
            WriteYuan(text, yuan);
            text.Append('元');
            // 元 digit zero with 角/分 following: the first form of the clause writes 零 after 元.
            if (yuan % 10 == 0 && (jiao != 0 || fenDigit != 0))
            {
                text.Append('零');
            }
        }

        if (jiao == 0 && fenDigit == 0)
        {
            return yuan == 0 ? "零元整" : text.Append('整').ToString();
        }

        if (jiao != 0)
        {
            text.Append(Digits[jiao]).Append('角');
        }
        else if (yuan > 0 && yuan % 10 != 0)
        {
            // 角 zero and 分 not: "元" is followed by 零 (16409.02 → …元零贰分).
            text.Append('零');
        }

        if (fenDigit == 0)
        {
            return text.Append('整').ToString();
        }

        return text.Append(Digits[fenDigit]).Append('分').ToString();
    }

    private static void WriteYuan(StringBuilder text, long yuan)
    {
        // Groups of four digits from the top: 亿, 万, then the units group.
        Span<int> groups = stackalloc int[3];
        var rest = yuan;
        for (var g = 0; g < groups.Length; g++)
        {
            groups[g] = (int)(rest % 10_000);
            rest /= 10_000;
        }

        var written = false;
        var pendingZero = false;
        for (var g = groups.Length - 1; g >= 0; g--)
        {
            var group = groups[g];
            if (group == 0)
            {
                // A whole zero group between written digits becomes one 零 before the next non-zero digit.
                pendingZero |= written;
                continue;
            }

            if (written && group < 1000)
            {
                pendingZero = true;
            }

            WriteGroup(text, group, ref pendingZero);
            text.Append(GroupUnits[g]);
            written = true;
            pendingZero = false;
        }
    }

    private static void WriteGroup(StringBuilder text, int group, ref bool pendingZero)
    {
        var started = false;
        for (var place = 3; place >= 0; place--)
        {
            var digit = group / Pow10(place) % 10;
            if (digit == 0)
            {
                pendingZero |= started;
                continue;
            }

            if (pendingZero)
            {
                text.Append('零');
                pendingZero = false;
            }

            text.Append(Digits[digit]).Append(PlaceUnits[place]);
            started = true;
        }

        // Trailing zeros of a group are carried by its unit (万, 亿, 元).
        pendingZero = false;
    }

    private static int Pow10(int place) => place switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };

    private static string Show(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);
}
