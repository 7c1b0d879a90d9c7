using System.Text.Json;
using Hub.Activities.Documents.Templates;

namespace Hub.Server.Cli.Doc;

/// <summary>Reads the files <c>hub doc</c> is given; anything unreadable is bad input (exit 2) naming the file.</summary>
internal static class DocInputs
{
    /// <summary>JSON data and schemas are small; a bigger file is refused before it is parsed.</summary>
    private const long MaxJsonBytes = 16L * 1024 * 1024;

    /// <summary>The converter's own input limit; a bigger template could never be converted.</summary>
    private const long MaxTemplateBytes = 64L * 1024 * 1024;

    public static async Task<DocumentTemplate> TemplateAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(path, MaxTemplateBytes, cancellationToken);
        try
        {
            return DocumentTemplate.Load(bytes);
        }
        catch (DocumentRejectedException e)
        {
            throw new CommandLineFailure($"{path}: {e.Message}", 2);
        }
    }

    public static async Task<JsonElement> JsonAsync(string option, string path, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(path, MaxJsonBytes, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CommandLineFailure($"{option} {path} is not valid JSON: {e.Message}", 2);
        }
    }

    private static async Task<byte[]> ReadAsync(string path, long limit, CancellationToken cancellationToken)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > limit)
            {
                throw new CommandLineFailure($"{path} has {length} bytes, more than the limit of {limit}.", 2);
            }

            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineFailure($"{path}: {e.Message}", 2);
        }
    }
}
