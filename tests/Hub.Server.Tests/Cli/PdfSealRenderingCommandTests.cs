using System.Globalization;
using System.Text;
using Hub.Server.Cli;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// The seal <c>pdf sign</c> places is legible on the page: poppler (pdftoppm) renders the signed page, and the seal's
/// red fills the requested rectangle, ring unclipped and lettering inside, with no red anywhere else.
/// </summary>
[Collection(nameof(PdfCommandTests))]
public sealed class PdfSealRenderingCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Dpi = 144;
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-pdf-render-").FullName;
    private PdfCliPki _pki = null!;

    public Task InitializeAsync()
    {
        _pki = new PdfCliPki(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pki.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("official", "300,40,160,160")]
    [InlineData("invoice", "60,500,200,130")]
    [InlineData("legal-rep", "400,600,90,90")]
    public async Task Sign_VisibleSeal_PdftoppmShowsRedOnlyInTheRectangle(string appearance, string rect)
    {
        if (!ExternalTool.Available("pdftoppm", output))
        {
            return;
        }

        var input = Path.Combine(_directory, "in.pdf");
        await File.WriteAllBytesAsync(input, PdfCommandTests.MinimalPdf());
        var signed = Path.Combine(_directory, "signed.pdf");
        string[] texts = appearance == "invoice" ? ["--taxpayer-number", "91310115MA1K4ABC2X"] : ["--seal-name", "张三"];
        var (exit, error) = await SignAsync(input, signed, ["--appearance", appearance, "--rect", rect, "--org-name", "上海示例贸易有限公司", .. texts]);
        Assert.True(exit == 0, error);

        var page = await RenderAsync(signed);
        var blank = await RenderAsync(input);
        var parts = rect.Split(',').Select(p => double.Parse(p, CultureInfo.InvariantCulture) * Dpi / 72).ToArray();

        // Page space has y up from the bottom; the raster has y down from the top (the MediaBox is 595 × 842).
        var (left, top) = ((int)parts[0], (int)((842.0 * Dpi / 72) - parts[1] - parts[3]));
        var (right, bottom) = ((int)(parts[0] + parts[2]), (int)((842.0 * Dpi / 72) - parts[1]));
        bool Inside(int x, int y) => x >= left - 1 && x <= right + 1 && y >= top - 1 && y <= bottom + 1;

        var red = page.RedPixels().ToList();
        var inside = red.Where(p => Inside(p.X, p.Y)).ToList();
        var share = (double)inside.Count / ((right - left) * (bottom - top));
        output.WriteLine($"{appearance}: {inside.Count} red pixels in the {right - left}×{bottom - top} px rectangle ({share:P1}), {red.Count - inside.Count} outside");

        Assert.Empty(blank.RedPixels());
        Assert.Equal(red.Count, inside.Count);
        Assert.InRange(share, 0.05, 0.7);

        // The border reaches every edge of the rectangle (the seal is scaled into it, not clipped or shrunk) ...
        Assert.InRange(inside.Min(p => p.X) - left, -1, 4);
        Assert.InRange(right - inside.Max(p => p.X), -1, 4);
        Assert.InRange(inside.Min(p => p.Y) - top, -1, 4);
        Assert.InRange(bottom - inside.Max(p => p.Y), -1, 4);

        // ... and there is lettering within it, away from the border.
        var (cx, cy, rx, ry) = ((left + right) / 2.0, (top + bottom) / 2.0, (right - left) * 0.35, (bottom - top) * 0.35);
        var lettering = inside.Count(p => Math.Pow((p.X - cx) / rx, 2) + Math.Pow((p.Y - cy) / ry, 2) < 1);
        Assert.True(lettering > 0.05 * Math.PI * rx * ry, $"only {lettering} red pixels inside the border: the lettering is missing");
    }

    private async Task<(int Exit, string Error)> SignAsync(string input, string signed, params string[] options)
    {
        var (exit, _, error) = await InProcessCommandLine.RunAsync(
            ["pdf", "sign", "--in", input, "--out", signed, "--pfx", _pki.IssueSeal("Rendered Seal"), "--password", PdfCliPki.Password, .. options]);
        return (exit, error);
    }

    private async Task<Raster> RenderAsync(string pdf)
    {
        var prefix = Path.Combine(_directory, Path.GetFileNameWithoutExtension(pdf));
        var (exit, log) = await ExternalTool.RunAsync("pdftoppm", "-r", Dpi.ToString(CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", pdf, prefix);
        Assert.True(exit == 0, log);
        return Raster.ReadPpm(await File.ReadAllBytesAsync(prefix + ".ppm"));
    }

    /// <summary>A binary PPM (P6, maxval 255), the format pdftoppm writes by default.</summary>
    private sealed class Raster(int width, int height, byte[] rgb, int offset)
    {
        public static Raster ReadPpm(byte[] data)
        {
            // Header: "P6" width height maxval, separated by whitespace, then one whitespace byte and the samples.
            var fields = new List<string>();
            var at = 0;
            while (fields.Count < 4)
            {
                while (char.IsWhiteSpace((char)data[at]))
                {
                    at++;
                }

                var start = at;
                while (!char.IsWhiteSpace((char)data[at]))
                {
                    at++;
                }

                fields.Add(Encoding.ASCII.GetString(data, start, at - start));
            }

            Assert.Equal(["P6", "255"], [fields[0], fields[3]]);
            var (w, h) = (int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture));
            Assert.Equal(at + 1 + (w * h * 3), data.Length);
            return new Raster(w, h, data, at + 1);
        }

        /// <summary>Pixels of seal red over white paper: strongly red, little green and blue.</summary>
        public IEnumerable<(int X, int Y)> RedPixels()
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var i = offset + (((y * width) + x) * 3);
                    if (rgb[i] > 160 && rgb[i + 1] < 128 && rgb[i + 2] < 128)
                    {
                        yield return (x, y);
                    }
                }
            }
        }
    }
}
