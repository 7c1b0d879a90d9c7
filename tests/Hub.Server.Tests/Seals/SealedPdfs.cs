using System.Net;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// What the sealing end-to-end tests do with a sealed PDF: download it through the API, copy it to another directory
/// (offline means from the file alone), and check it with tools the Hub did not write and with <c>./hub pdf verify</c>.
/// </summary>
internal static class SealedPdfs
{
    /// <summary>The sample data of a shipped template (workflows/templates/NAME.sample.json), e.g. an expense claim form.</summary>
    public static JsonElement Sample(string name) => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(SharedData.RepositoryRoot(), "workflows", "templates", name + ".sample.json"))).RootElement.Clone();

    /// <summary>Downloads the document (GET /api/documents/{id}/content) and returns the path of a copy in a directory of its own.</summary>
    public static async Task<string> DownloadToAnotherDirectoryAsync(HttpClient caller, string documentId)
    {
        var response = await caller.GetAsync($"/api/documents/{documentId}/content");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = Directory.CreateTempSubdirectory("hub-sealed-").FullName;
        var downloaded = Path.Combine(first, "sealed.pdf");
        await File.WriteAllBytesAsync(downloaded, await response.Content.ReadAsByteArrayAsync());
        // Offline means from the file alone: a copy elsewhere, nothing beside it but the trust anchor.
        var elsewhere = Directory.CreateTempSubdirectory("hub-copied-").FullName;
        var copy = Path.Combine(elsewhere, "copy.pdf");
        File.Copy(downloaded, copy);
        Directory.Delete(first, recursive: true);
        return copy;
    }

    /// <summary>
    /// Checks the file with ../shared/tools/verify-pdf (when it and qpdf, pdfsig and openssl are installed; the CI rule
    /// applies) and with <c>./hub pdf verify</c> against the Hub CA fetched through <paramref name="client"/>; returns the
    /// latter's report and fails when either refuses the file.
    /// </summary>
    public static async Task<string> VerifyOfflineAsync(HttpClient client, string file, ITestOutputHelper output)
    {
        var anchor = await AnchorAsync(client, Path.GetDirectoryName(file)!);
        var tool = Path.GetFullPath(Path.Combine(SharedData.RepositoryRoot(), "..", "shared", "tools", "verify-pdf"));
        if (ExternalTool.FilesExist(output, "apt-get install -y qpdf poppler-utils openssl; ../shared/tools", tool, "/usr/bin/qpdf", "/usr/bin/pdfsig", "/usr/bin/openssl"))
        {
            output.WriteLine(await ExternalTool.RunCheckedAsync(tool, file, anchor));
        }

        var (code, report, error) = await HubProcess.RunAsync("pdf", "verify", file, "--trust-anchor", anchor);
        output.WriteLine(report);
        Assert.True(code == 0, $"pdf verify exited {code}: {error}\n{report}");
        return report;
    }

    /// <summary>The Hub CA's chain (GET /ca/chain.pem) as hub-ca.pem in <paramref name="directory"/>, written once.</summary>
    public static async Task<string> AnchorAsync(HttpClient client, string directory)
    {
        var pem = Path.Combine(directory, "hub-ca.pem");
        if (!File.Exists(pem))
        {
            await File.WriteAllTextAsync(pem, await client.GetStringAsync("/ca/chain.pem"));
        }

        return pem;
    }
}
