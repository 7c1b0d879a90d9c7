using System.Diagnostics;
using Xunit.Abstractions;

namespace Hub.Testing;

/// <summary>
/// Whether documents can be converted here: LibreOffice (libreoffice-writer-nogui) driven through python3-uno, plus any
/// other files a test reads its result with (pdftotext …). The CI rule of <see cref="ExternalTool.Require"/> applies.
/// </summary>
public static class LibreOffice
{
    public const string Soffice = "/usr/lib/libreoffice/program/soffice.bin";

    private const string Install = "apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-arphic-uming poppler-utils";

    private static readonly Lazy<bool> Uno = new(HasUno);

    public static bool Available(ITestOutputHelper output, params string[] alsoNeeded)
    {
        var missing = alsoNeeded.Prepend(Soffice).Where(p => !File.Exists(p)).ToList();
        if (File.Exists(Soffice) && !Uno.Value)
        {
            missing.Add("python3-uno (import uno)");
        }

        return ExternalTool.Require(missing.Count == 0, $"{string.Join(", ", missing)} ({Install})", output);
    }

    private static bool HasUno()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }

        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import uno"]) { RedirectStandardError = true })!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
