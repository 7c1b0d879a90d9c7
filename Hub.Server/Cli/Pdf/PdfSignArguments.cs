using System.Globalization;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;

namespace Hub.Server.Cli.Pdf;

/// <summary>Turns <c>pdf sign</c> option values into signer inputs; every refusal is a <see cref="CommandLineFailure"/> with exit code 2.</summary>
internal static class PdfSignArguments
{
    public static PadesLevel Level(string? value) => value switch
    {
        null or "B-B" => PadesLevel.BaselineB,
        "B-T" => PadesLevel.BaselineT,
        "B-LT" => PadesLevel.BaselineLT,
        "B-LTA" => PadesLevel.BaselineLTA,
        _ => throw new CommandLineFailure($"--level '{value}' is not one of B-B, B-T, B-LT, B-LTA.", 2),
    };

    public static Uri? TsaUrl(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CommandLineFailure($"--tsa '{value}' is not an absolute http or https URL.", 2);
    }

    public static SealPlacement Placement(int? page, string? rect, string? keyword, bool visible)
    {
        if (page is < 1)
        {
            throw new CommandLineFailure($"--page {page} must be 1 or more.", 2);
        }

        var pageIndex = (page ?? 1) - 1;
        if (keyword is not null)
        {
            if (rect is not null)
            {
                throw new CommandLineFailure("--keyword and --rect both say where the seal goes; give one.", 2);
            }

            return visible ? SealPlacement.AtKeyword(keyword, pageIndex) : throw new CommandLineFailure("--keyword needs a visible seal; --appearance none has nothing to place.", 2);
        }

        if (!visible)
        {
            return rect is null ? SealPlacement.Invisible : throw new CommandLineFailure("--rect needs a visible seal; --appearance none has nothing to place.", 2);
        }

        return SealPlacement.OnPage(pageIndex, Rectangle(rect ?? "36,36,160,70"));
    }

    private static PdfRectangle Rectangle(string text)
    {
        var parts = text.Split(',');
        var numbers = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok)
            || numbers[2] <= 0 || numbers[3] <= 0 || numbers.Any(n => !double.IsFinite(n)))
        {
            throw new CommandLineFailure($"--rect '{text}' must be X,Y,W,H in points with a positive width and height.", 2);
        }

        return new PdfRectangle(numbers[0], numbers[1], numbers[0] + numbers[2], numbers[1] + numbers[3]);
    }
}
