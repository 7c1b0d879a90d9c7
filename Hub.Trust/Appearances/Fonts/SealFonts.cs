using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hub.Trust.Appearances.Fonts;

/// <summary>
/// Finds and caches the font whose outlines letter the seals. Seal lettering is Song/Ming style (宋体, the style the
/// seal rules name), so the default is AR PL UMing, a TrueType collection with 'glyf' outlines (Debian fonts-arphic-uming).
/// </summary>
internal static class SealFonts
{
    /// <summary>Debian's paths for AR PL UMing (fonts-arphic-uming), tried before asking fontconfig.</summary>
    private static readonly string[] KnownPaths =
    [
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/arphic-uming/uming.ttc",
        "/usr/local/share/fonts/uming.ttc",
    ];

    private static readonly ConcurrentDictionary<string, Lazy<TrueTypeFont>> Fonts = new(StringComparer.Ordinal);

    /// <summary>The font at <paramref name="path"/>, or the located default when null; parsed once per path.</summary>
    public static TrueTypeFont Load(string? path)
    {
        var file = path is null ? Locate() : Path.GetFullPath(path);
        if (path is not null && !File.Exists(file))
        {
            throw new FileNotFoundException($"The seal font file '{file}' does not exist.", file);
        }

        var font = Fonts.GetOrAdd(file, f => new Lazy<TrueTypeFont>(() => TrueTypeFont.Parse(File.ReadAllBytes(f))));
        try
        {
            return font.Value;
        }
        catch (Exception)
        {
            // Lazy keeps a failure; dropping it lets a repaired or replaced file take effect without a restart.
            Fonts.TryRemove(file, out _);
            throw;
        }
    }

    internal static string Locate()
    {
        foreach (var known in KnownPaths)
        {
            if (File.Exists(known))
            {
                return known;
            }
        }

        var matched = FontconfigMatch("AR PL UMing CN");
        if (matched is not null && matched.Contains("uming", StringComparison.OrdinalIgnoreCase) && File.Exists(matched))
        {
            return matched;
        }

        throw new FileNotFoundException(
            "No seal font found: AR PL UMing is not installed (apt-get install -y fonts-arphic-uming), and no font file path was given. " +
            "Pass the path of a TrueType (glyf-outline) CJK font to use another.");
    }

    private static string? FontconfigMatch(string family)
    {
        try
        {
            var start = new ProcessStartInfo("fc-match", ["-f", "%{file}", family]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // fontconfig is not installed; the caller reports the missing font.
            return null;
        }
    }
}
