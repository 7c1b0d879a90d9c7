using System.Globalization;
using System.Security.Cryptography;

namespace Hub.Trust.Pki;

/// <summary>Certificate serial numbers: random, positive, and written one way everywhere.</summary>
internal static class CertificateSerial
{
    private const int Length = 16;

    /// <summary>
    /// 16 random bytes with the first byte in 0x01–0x7F: positive and minimally encoded as a DER INTEGER, so the hex form
    /// is stable; 126 bits of entropy, beyond the 64 the CA/Browser Forum baseline requirements ask (§7.1).
    /// </summary>
    public static byte[] New()
    {
        var serial = RandomNumberGenerator.GetBytes(Length);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    public static string ToHex(ReadOnlySpan<byte> serial) => Convert.ToHexString(serial);

    /// <summary>Accepts what people paste ("0x", colons, spaces, lower case, leading zero bytes) and returns the canonical form.</summary>
    public static string Normalize(string serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        var hex = serial.Trim().Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }

        if (hex.Length == 0 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new CertificateAuthorityException($"'{serial}' is not a hexadecimal certificate serial number.");
        }

        hex = hex.ToUpper(CultureInfo.InvariantCulture);
        if (hex.Length % 2 == 1)
        {
            hex = "0" + hex;
        }

        // A DER INTEGER keeps one leading 00 only before a byte with the top bit set (X.690 §8.3.2).
        while (hex.Length > 2 && hex.StartsWith("00", StringComparison.Ordinal) && hex[2] < '8')
        {
            hex = hex[2..];
        }

        return hex;
    }

    public static byte[] FromHex(string serial) => Convert.FromHexString(Normalize(serial));
}
