using Xunit.Abstractions;

namespace Hub.Trust.Tests.Appearances;

/// <summary>The font and independent tools the appearance tests need, each checked by <see cref="ExternalTool"/>'s CI rule.</summary>
internal static class AppearanceTools
{
    public const string UmingPath = "/usr/share/fonts/truetype/arphic/uming.ttc";

    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Whether AR PL UMing is installed, the font the default seal lettering uses.</summary>
    public static bool HasFont(ITestOutputHelper output) => ExternalTool.FilesExist(output, "apt-get install -y fonts-arphic-uming", UmingPath);

    public static bool HasPdftoppm(ITestOutputHelper output) => ExternalTool.Available("pdftoppm", output, "apt-get install -y poppler-utils");

    public static bool HasChromium(ITestOutputHelper output) => ExternalTool.Available(ChromiumPath, output, "apt-get install -y chromium");

    /// <summary>A fresh directory under the system temp folder for one test's files.</summary>
    public static string NewDirectory(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hub-seal-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
