using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Server.Trust;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Cli.Pdf;

/// <summary>Where <c>pdf verify</c> gets its trust anchors: PEM files, and the Hub's own CA from a data directory.</summary>
internal static class PdfTrustAnchors
{
    public static IReadOnlyList<X509Certificate2> FromPemFiles(IEnumerable<string> paths)
    {
        var anchors = new X509Certificate2Collection();
        foreach (var pem in paths)
        {
            try
            {
                anchors.ImportFromPemFile(pem);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new CommandLineFailure($"--trust-anchor {pem}: {e.Message}", 2);
            }
        }

        return [.. anchors];
    }

    /// <summary>
    /// The Hub CA's root from the data directory's database, as <c>ca chain</c> reads it. Without an explicit directory,
    /// $HUB_DATA_DIR or ./data is used only when a Hub has run there, so verifying a copied file elsewhere stays offline
    /// and never creates a database.
    /// </summary>
    public static async Task<IReadOnlyList<X509Certificate2>> FromDataDirectoryAsync(string? explicitDirectory, CancellationToken cancellationToken)
    {
        var directory = explicitDirectory ?? Environment.GetEnvironmentVariable("HUB_DATA_DIR") ?? "data";
        if (!Directory.Exists(Path.Combine(directory, "pg")))
        {
            return explicitDirectory is null ? [] : throw new CommandLineFailure($"--data-dir {explicitDirectory}: no Hub database there.", 2);
        }

        return await CommandNode.RunAsync<IReadOnlyList<X509Certificate2>>(directory, seedDemo: false, services: null, async services =>
        {
            var chain = await services.GetRequiredService<HubTrust>().Authority.GetChainAsync(cancellationToken);
            return chain is null ? [] : [chain.Root];
        }, cancellationToken);
    }
}
