using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

/// <summary>Runs ../shared/tools/verify-pdf (qpdf, pdfsig, mutool, openssl), the independent check of sealed files.</summary>
internal static class VerifyPdf
{
    /// <summary>The script path, or null (after reporting, or failing under CI) when it or its tools are missing.</summary>
    public static string? Locate(ITestOutputHelper output)
    {
        var script = SharedData.Require("tools/verify-pdf", output);
        if (script is null)
        {
            return null;
        }

        return ExternalTool.Available("pdfsig", output) && ExternalTool.Available("qpdf", output) && ExternalTool.Available("openssl", output) ? script : null;
    }

    public static (bool Passed, string Output) Run(string script, string pdf, string caBundle)
    {
        var (exitCode, text) = ExternalTool.Run(script, pdf, caBundle);
        return (exitCode == 0 && text.Contains("RESULT: PASS", StringComparison.Ordinal), text);
    }
}
