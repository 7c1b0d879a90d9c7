using System.Globalization;
using System.Net;

namespace Hub.Workflows.Definitions.Inputs;

/// <summary>The <c>format</c> values an input schema may assert (JSON Schema 2020-12 validation §7.3), each checked
/// by the grammar its RFC gives, not by a lenient .NET parser that would accept other spellings.</summary>
internal static class InputFormats
{
    /// <summary>The formats the Hub checks; any other is a publish problem, so a schema never asserts less than it says.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { "date", "date-time", "time", "email", "uuid" };

    /// <summary>Whether <paramref name="value"/> is a valid <paramref name="format"/>; null for an unknown format.</summary>
    public static bool? Matches(string format, string value) => format switch
    {
        "date" => IsFullDate(value),
        "date-time" => IsDateTime(value),
        "time" => IsFullTime(value),
        "email" => IsMailbox(value),
        "uuid" => IsUuid(value),
        _ => null,
    };

    /// <summary>RFC 3339 §5.6 full-date: <c>date-fullyear "-" date-month "-" date-mday</c>, a day that exists.</summary>
    private static bool IsFullDate(ReadOnlySpan<char> s) =>
        s.Length == 10 && s[4] == '-' && s[7] == '-' && Digits(s[..4], out var year) && Digits(s[5..7], out var month)
        && Digits(s[8..10], out var day) && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    /// <summary>RFC 3339 §5.6 date-time: <c>full-date "T" full-time</c>; T and Z may be lower case (§5.6 note).</summary>
    private static bool IsDateTime(string s)
    {
        var t = s.IndexOfAny(['T', 't']);
        return t == 10 && IsFullDate(s.AsSpan(0, 10)) && IsFullTime(s[11..]);
    }

    /// <summary>RFC 3339 §5.6 full-time: <c>partial-time time-offset</c>, where partial-time is
    /// <c>hh ":" mm ":" ss ["." 1*DIGIT]</c> and time-offset <c>"Z" / ("+" / "-") hh ":" mm</c>. Second 60 (a leap
    /// second, §5.7) is accepted, as the RFC allows.</summary>
    private static bool IsFullTime(string s)
    {
        if (s.Length < 9 || s[2] != ':' || s[5] != ':' || !Digits(s.AsSpan(0, 2), out var hour) || !Digits(s.AsSpan(3, 2), out var minute)
            || !Digits(s.AsSpan(6, 2), out var second) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var rest = s.AsSpan(8);
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 1)
            {
                return false;
            }

            rest = rest[digits..];
        }

        if (rest is "Z" or "z")
        {
            return true;
        }

        return rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':' && Digits(rest[1..3], out var offsetHour)
            && Digits(rest[4..6], out var offsetMinute) && offsetHour <= 23 && offsetMinute <= 59;
    }

    /// <summary>RFC 5321 §4.1.2 Mailbox: <c>Local-part "@" ( Domain / address-literal )</c>, where Local-part is a
    /// Dot-string or a Quoted-string, with the §4.5.3.1 size limits (local part 64 octets, domain 255).</summary>
    private static bool IsMailbox(string s)
    {
        var at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1)
        {
            return false;
        }

        var local = s.AsSpan(0, at);
        var domain = s.AsSpan(at + 1);
        return local.Length <= 64 && domain.Length <= 255 && (IsDotString(local) || IsQuotedString(local))
            && (IsDomain(domain) || IsAddressLiteral(domain));
    }

    /// <summary>RFC 5321 Dot-string: <c>Atom *("." Atom)</c>, Atom being 1*atext (RFC 5322 §3.2.3).</summary>
    private static bool IsDotString(ReadOnlySpan<char> s)
    {
        foreach (var atom in s.ToString().Split('.'))
        {
            if (atom.Length == 0 || !atom.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 5321 Quoted-string: <c>DQUOTE *QcontentSMTP DQUOTE</c>; qtextSMTP is %d32-33 / %d35-91 / %d93-126,
    /// quoted-pairSMTP a backslash and %d32-126.</summary>
    private static bool IsQuotedString(ReadOnlySpan<char> s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"')
        {
            return false;
        }

        for (var i = 1; i < s.Length - 1; i++)
        {
            var c = s[i];
            if (c == '\\')
            {
                if (++i >= s.Length - 1 || s[i] is < ' ' or > '~')
                {
                    return false;
                }
            }
            else if (c is < ' ' or > '~' or '"')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 5321 Domain: <c>sub-domain *("." sub-domain)</c>, a sub-domain being <c>Let-dig [Ldh-str]</c>
    /// (no leading or trailing hyphen); labels at most 63 octets (RFC 1035 §2.3.4).</summary>
    private static bool IsDomain(ReadOnlySpan<char> s)
    {
        foreach (var label in s.ToString().Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 5321 §4.1.3 address-literal: <c>"[" IPv4-address-literal "]"</c> or <c>"[IPv6:" IPv6-addr "]"</c>.</summary>
    private static bool IsAddressLiteral(ReadOnlySpan<char> s)
    {
        if (s.Length < 3 || s[0] != '[' || s[^1] != ']')
        {
            return false;
        }

        var inner = s[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.Ordinal))
        {
            return IPAddress.TryParse(inner[5..], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        var parts = inner.ToString().Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>RFC 9562 §4 (formerly RFC 4122 §3) string form: 8-4-4-4-12 hexadecimal digits, either case.</summary>
    private static bool IsUuid(string s)
    {
        if (s.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (i is 8 or 13 or 18 or 23 ? s[i] != '-' : !char.IsAsciiHexDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
