using Hub.Trust.Tests.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

/// <summary>Runs ../shared/tools/verify-pdf (qpdf, pdfsig, mutool, openssl), the independent check of sealed files.</summary>
internal static class VerifyPdf
{
    /// <summary>The script path, or null (after reporting, or failing under CI) when it or its tools are missing.</summary>
    public static string? Locate(ITestOutputHelper output)
    {
        var corpus = PdfTestData.Corpus(output);
        if (corpus is null)
        {
            return null;
        }

        var script = Path.GetFullPath(Path.Combine(corpus, "..", "..", "tools", "verify-pdf"));
        if (!File.Exists(script))
        {
            Assert.False(PdfTestData.IsCi, $"verify-pdf missing at {script} under CI=true");
            output.WriteLine($"SKIPPED: {script} is not available here.");
            return null;
        }

        return PdfTestData.Tool(output, "pdfsig") && PdfTestData.Tool(output, "qpdf") && PdfTestData.Tool(output, "openssl") ? script : null;
    }

    public static (bool Passed, string Output) Run(string script, string pdf, string caBundle)
    {
        var (exitCode, text) = PdfTestData.Run(script, pdf, caBundle);
        return (exitCode == 0 && text.Contains("RESULT: PASS", StringComparison.Ordinal), text);
    }
}
