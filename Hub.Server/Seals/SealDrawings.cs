using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Hub.Activities.Seals;
using Hub.Trust.Appearances;
using Hub.Trust.Signing;

namespace Hub.Server.Seals;

/// <summary>
/// A seal's appearance: the PNG its holder uploaded, or the standard drawing the trust layer makes from the seal's type
/// and holder (round official, contract and finance seals, the oval invoice seal, the square legal-representative seal).
/// </summary>
internal static class SealDrawings
{
    /// <summary>Largest uploaded appearance accepted, in bytes; a seal image needs far less.</summary>
    public const int MaxUploadBytes = 512 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Appearances already drawn or decoded, by what they are made of: drawing a seal's lettering costs ~10 ms
    /// of CPU, and every use of one seal draws the same thing. A renamed holder or a new upload is a new key.</summary>
    private static readonly ConcurrentDictionary<string, SealAppearance> Drawn = new(StringComparer.Ordinal);

    /// <summary>Bound on <see cref="Drawn"/>: a group has hundreds of seals at most; past this the cache starts over.</summary>
    private const int MaxDrawn = 1024;

    /// <summary>The trust layer's kind for a seal type.</summary>
    public static SealKind KindOf(SealType type) => type switch
    {
        SealType.Official => SealKind.Official,
        SealType.Contract => SealKind.Contract,
        SealType.Finance => SealKind.Finance,
        SealType.Invoice => SealKind.Invoice,
        SealType.LegalRepresentative => SealKind.LegalRepresentative,
        // Hub.Trust draws no personal seal yet (the trust slice adds SealKind.Personal); until then a person's name
        // seal is drawn square like the legal representative's, which is the same kind of name seal.
        SealType.Personal => SealKind.LegalRepresentative,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown seal type."),
    };

    /// <summary>What the standard drawing of <paramref name="seal"/> shows, or why it cannot be drawn.</summary>
    public static SealOutcome<SealDescription> Describe(Seal seal, SealHolder holder)
    {
        var kind = KindOf(seal.Type);
        var name = kind == SealKind.LegalRepresentative ? (seal.Type == SealType.Personal ? holder.PersonName : holder.LegalRepresentative) : null;
        if (kind == SealKind.LegalRepresentative && string.IsNullOrWhiteSpace(name))
        {
            return Undrawable(seal, "the holder has no legal representative (or person) name on record");
        }

        if (kind == SealKind.Invoice && holder.CreditCode is null)
        {
            return Undrawable(seal, "an invoice seal shows the taxpayer number and the holder has no credit code");
        }

        return new SealDescription(kind, holder.OrganisationName)
        {
            SealName = name,
            TaxpayerNumber = kind == SealKind.Invoice ? holder.CreditCode : null,
        };
    }

    /// <summary>The appearance the signer stamps with: the uploaded PNG at the kind's standard width, or the drawing.</summary>
    public static SealOutcome<SealAppearance> ForSigning(Seal seal, SealHolder holder)
    {
        if (seal.UploadedAppearance is { } png)
        {
            var width = StandardWidthMillimetres(seal.Type);
            var uploaded = string.Create(CultureInfo.InvariantCulture, $"png|{width}|{Convert.ToHexString(SHA256.HashData(png))}");
            return Drawn.TryGetValue(uploaded, out var decoded) ? decoded : Keep(uploaded, SealAppearances.FromPng(png, width));
        }

        var description = Describe(seal, holder);
        if (description.Refusal is not null)
        {
            return description.Refusal;
        }

        var d = description.Value!;
        var key = string.Join('\u001f', "drawn", d.Kind, d.OrganisationName, d.SealName, d.Code, d.TaxpayerNumber, d.SizeMillimetres?.ToString(CultureInfo.InvariantCulture));
        if (Drawn.TryGetValue(key, out var drawn))
        {
            return drawn;
        }

        try
        {
            return Keep(key, SealAppearances.Render(d));
        }
        catch (ArgumentException exception)
        {
            return Undrawable(seal, exception.Message);
        }
    }

    private static SealOutcome<SealAppearance> Keep(string key, SealOutcome<SealAppearance> outcome)
    {
        if (outcome.Value is { } appearance)
        {
            if (Drawn.Count >= MaxDrawn)
            {
                Drawn.Clear();
            }

            Drawn[key] = appearance;
        }

        return outcome;
    }

    /// <summary>The preview the API serves: the uploaded PNG as is, or the drawing as SVG (the same path geometry the
    /// signer stamps; the trust layer has no rasteriser, so the drawing is not offered as PNG).</summary>
    public static SealOutcome<(byte[] Content, string ContentType)> Preview(Seal seal, SealHolder holder)
    {
        if (seal.UploadedAppearance is { } png)
        {
            return new SealOutcome<(byte[] Content, string ContentType)>((png, "image/png"), null);
        }

        var description = Describe(seal, holder);
        if (description.Refusal is not null)
        {
            return description.Refusal;
        }

        try
        {
            return new SealOutcome<(byte[] Content, string ContentType)>((System.Text.Encoding.UTF8.GetBytes(SealAppearances.RenderSvg(description.Value!)), "image/svg+xml"), null);
        }
        catch (ArgumentException exception)
        {
            return Undrawable(seal, exception.Message);
        }
    }

    /// <summary>Checks an uploaded appearance: at most <see cref="MaxUploadBytes"/>, a PNG the trust layer can stamp.</summary>
    public static SealRefusal? CheckUpload(ReadOnlySpan<byte> png)
    {
        if (png.Length == 0 || png.Length > MaxUploadBytes)
        {
            return new SealRefusal(SealRefusalKind.Invalid, "appearance-size", $"The appearance is {png.Length} bytes; give a PNG of 1 to {MaxUploadBytes} bytes.");
        }

        if (!png.StartsWith(PngSignature))
        {
            return new SealRefusal(SealRefusalKind.Invalid, "appearance-not-png", "The appearance is not a PNG file (it lacks the PNG signature).");
        }

        try
        {
            SealAppearances.FromPng(png.ToArray());
            return null;
        }
        catch (Exception exception) when (exception is InvalidDataException or ArgumentException)
        {
            return new SealRefusal(SealRefusalKind.Invalid, "appearance-not-png", $"The PNG cannot be used as a seal appearance: {exception.Message}");
        }
    }

    private static double StandardWidthMillimetres(SealType type) => type switch
    {
        SealType.Official => 42,
        SealType.Invoice => 40,
        SealType.LegalRepresentative or SealType.Personal => 18,
        _ => 40,
    };

    private static SealRefusal Undrawable(Seal seal, string why) =>
        new(SealRefusalKind.Conflict, "appearance-not-drawable", $"The appearance of {seal.Name} cannot be drawn: {why}; upload one instead.");
}
