using System.CommandLine;
using Hub.Server.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Cli;

/// <summary>
/// <c>hub document get ID --out FILE</c>: writes a document the Hub holds to a file (complete or not at all), after
/// entering the download in the evidence chain as the API does. Runs in the data directory's database, like
/// <c>hub serve</c>; an unknown document is one line and exit 1, a bad argument exit 2.
/// </summary>
internal static class DocumentCommand
{
    public static Command Create() => new("document", "Documents the Hub holds.") { Get() };

    private static Command Get()
    {
        var id = new Argument<string>("ID") { Description = "The document's id (its SHA-256, 64 lowercase hex digits)." };
        var output = new Option<string>("--out") { Description = "The file to write.", Required = true };
        var data = DataDirectoryOption.Create();
        var command = new Command("get", "Download a document to a file; the download is recorded in the evidence chain.") { id, output, data };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var documentId = parsed.GetValue(id)!;
            var outPath = parsed.GetValue(output)!;
            if (!HubDocumentWorkspace.IsDocumentId(documentId))
            {
                throw new CommandLineFailure($"'{documentId}' is not a document id (64 lowercase hex digits of a SHA-256).", 2);
            }

            var outDirectory = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            if (!Directory.Exists(outDirectory))
            {
                // Checked before the database starts, so a typo costs nothing and records nothing.
                throw new CommandLineFailure($"--out {outPath}: the directory {outDirectory} does not exist.", 2);
            }

            return await CommandNode.RunAsync(parsed.GetValue(data)!, seedDemo: false, services: null, async services =>
            {
                var record = await services.GetRequiredService<DocumentRecordStore>().FindAsync(documentId, cancellationToken)
                    ?? throw new CommandLineFailure($"No document {documentId}.");
                byte[] content;
                try
                {
                    content = await services.GetRequiredService<DocumentDownloads>().DownloadAsync(record, null, "cli",
                        "operator " + Environment.UserName, cancellationToken);
                }
                catch (InvalidDataException e)
                {
                    // The stored row failed its check (altered, or another master key): nothing is written.
                    throw new CommandLineFailure(e.Message);
                }

                try
                {
                    await AtomicFile.WriteAsync(outPath, content, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CommandLineFailure($"--out {outPath}: {e.Message}");
                }

                Console.Out.WriteLine($"{record.FileName} -> {outPath} ({content.Length} bytes, {record.Status}, sha256 {documentId})");
                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
