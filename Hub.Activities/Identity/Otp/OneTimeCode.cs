using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hub.Activities.Identity.Otp;

/// <summary>
/// HMAC-based one-time codes: HOTP (RFC 4226 §5.3: HMAC-SHA-1 over the 8-byte big-endian counter, dynamic
/// truncation, modulo 10^digits) and TOTP (RFC 6238 §4: the counter is the number of time steps since the epoch).
/// </summary>
internal static class OneTimeCode
{
    public static string Hotp(ReadOnlySpan<byte> secret, long counter, int digits = 6)
    {
        if (digits is < 6 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(digits), digits, "RFC 4226 codes have 6 to 9 digits.");
        }

        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(secret, message, hash);
        // RFC 4226 §5.4: the low nibble of the last byte picks the offset of four bytes, top bit masked.
        var offset = hash[19] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7fffffff;
        var modulus = (int)Math.Pow(10, digits);
        return (binary % modulus).ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The RFC 6238 time step counter T = floor((unix time − T0) / X), T0 = 0.</summary>
    public static long TimeStep(DateTimeOffset at, TimeSpan step) => at.ToUnixTimeSeconds() / (long)step.TotalSeconds;

    public static string Totp(ReadOnlySpan<byte> secret, DateTimeOffset at, TimeSpan step, int digits = 6) =>
        Hotp(secret, TimeStep(at, step), digits);

    /// <summary>Compares codes in constant time, so timing reveals no digit.</summary>
    public static bool Matches(string expected, string? offered) =>
        offered is not null && offered.Length == expected.Length &&
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(offered));
}
