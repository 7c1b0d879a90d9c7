using System.Globalization;
using Hub.Trust.Appearances;
using Hub.Trust.Appearances.Png;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Appearances;

/// <summary>
/// The done-when of the seal appearance: the PDF form rasterised by poppler (pdftoppm) and the SVG rasterised by
/// Chromium show the same red pixels, text included, and each visible seal adds well under 100 KB.
/// </summary>
public sealed class SealRenderingTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> Seals
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var sample in Samples.All.Keys)
            {
                data.Add(sample, 150);
                data.Add(sample, 300);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Seals))]
    public async Task Render_PdftoppmAndChromium_ShowTheSameSeal(string sample, int dpi)
    {
        if (!AppearanceTools.HasFont(output) || !AppearanceTools.HasPdftoppm(output) || !AppearanceTools.HasChromium(output))
        {
            return;
        }

        var description = Samples.All[sample];
        var appearance = SealAppearances.Render(description);
        var directory = AppearanceTools.NewDirectory(sample);
        var pdfPath = Path.Combine(directory, "seal.pdf");
        await File.WriteAllBytesAsync(pdfPath, AppearancePdf.Write(appearance));
        await ExternalTool.RunCheckedAsync("pdftoppm", "-r", dpi.ToString(CultureInfo.InvariantCulture), "-png", "-singlefile", pdfPath, Path.Combine(directory, "poppler"));
        var poppler = PngDecoder.Decode(await File.ReadAllBytesAsync(Path.Combine(directory, "poppler.png")));

        await File.WriteAllTextAsync(Path.Combine(directory, "seal.svg"), SealAppearances.RenderSvg(description));
        await File.WriteAllTextAsync(
            Path.Combine(directory, "page.html"),
            $"<!DOCTYPE html><html><body style=\"margin:0;background:#fff\"><img src=\"seal.svg\" style=\"display:block;width:{Css(appearance.Width)}px;height:{Css(appearance.Height)}px\"></body></html>");
        // pdftoppm rounds the page up to whole pixels; the SVG gets the page's exact size, so both share one scale.
        string Css(double points) => (points * dpi / 72).ToString("0.###", CultureInfo.InvariantCulture);
        var chromiumPng = Path.Combine(directory, "chromium.png");
        await ExternalTool.RunCheckedAsync(
            AppearanceTools.ChromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-quic", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={Path.Combine(directory, "profile")}",
            $"--screenshot={chromiumPng}", "--window-size=600,500", new Uri(Path.Combine(directory, "page.html")).AbsoluteUri);
        var chromium = PngDecoder.Decode(await File.ReadAllBytesAsync(chromiumPng));

        var a = new RedMask(poppler, poppler.Width, poppler.Height);
        var b = new RedMask(chromium, poppler.Width, poppler.Height);
        var iou = a.IntersectionOverUnion(b);
        await File.WriteAllBytesAsync(Path.Combine(directory, "difference.png"), a.DifferencePng(b));

        // The lettering alone: pixels away from the border ring, where text and star are.
        var (cx, cy) = (poppler.Width / 2.0, poppler.Height / 2.0);
        bool Inside(int x, int y) => Math.Pow((x - cx) / (cx * 0.9), 2) + Math.Pow((y - cy) / (cy * 0.9), 2) < 1;
        var lettering = a.IntersectionOverUnion(b, Inside);
        var (popplerMatched, chromiumMatched) = (a.MatchedWithinOnePixel(b), b.MatchedWithinOnePixel(a));
        output.WriteLine($"{sample} at {dpi} dpi: {poppler.Width}×{poppler.Height} px, red share poppler {a.Share:P1}, chromium {b.Share:P1}, IoU {iou:F3}, inside the ring {lettering:F3}, matched within 1 px {popplerMatched:P1} / {chromiumMatched:P1} ({directory})");

        Assert.InRange(a.Share, 0.05, 0.6);
        Assert.InRange(b.Share / a.Share, 0.85, 1.15);
        // At 150 dpi lettering strokes are 2 to 3 pixels wide, so anti-aliasing decides much of the mask: Splash
        // (poppler) lays about 5 % more ink on edges than Skia (Chromium), and difference.png shows the disagreement
        // is edge pixels only. At 300 dpi edges weigh half as much and the masks overlap above 0.9. The geometry
        // check at both: every red pixel has a counterpart within one pixel.
        var (minimum, letteringMinimum) = dpi >= 300 ? (0.9, 0.85) : (0.85, 0.8);
        Assert.True(iou > minimum, $"IoU of the red masks is {iou:F3} at {dpi} dpi; the renderings differ.");
        Assert.True(lettering > letteringMinimum, $"IoU of the lettering is {lettering:F3} at {dpi} dpi; the text renders differently.");
        Assert.True(popplerMatched > 0.98 && chromiumMatched > 0.98, $"Only {popplerMatched:P1} / {chromiumMatched:P1} of red pixels have a counterpart within one pixel.");
    }
}
