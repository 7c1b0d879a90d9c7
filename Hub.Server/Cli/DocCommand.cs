using System.CommandLine;
using System.Security.Cryptography;
using Hub.Activities.Documents.Conversion;
using Hub.Activities.Documents.Templates;
using Hub.Server.Cli.Doc;

namespace Hub.Server.Cli;

/// <summary>
/// <c>hub doc render</c> fills a Word template with JSON data and converts it to PDF; <c>hub doc check</c> lists every
/// problem a template has against a workflow's input schema (exit 0: none; 1: some; 2: the input cannot be read).
/// </summary>
internal static class DocCommand
{
    public static Command Create() => new("doc", "Fill Word templates and convert them to PDF; check templates against a schema.")
    {
        RenderCommand(), CheckCommand(),
    };

    private static Command RenderCommand()
    {
        var template = new Argument<string>("TEMPLATE") { Description = "The Word template (.docx)." };
        var data = new Option<string>("--data") { Description = "JSON file with the data to fill in.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the PDF (written only on success).", Required = true };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the conversion may take before LibreOffice is killed.", DefaultValueFactory = _ => 60 };
        var command = new Command("render", "Fill a template with data and convert it to PDF through a warm LibreOffice.") { template, data, output, timeout };
        command.SetAction(async (parsed, cancellationToken) => await ReportFailuresAsync(async () =>
        {
            var seconds = parsed.GetValue(timeout);
            if (seconds is < 1 or > 3600)
            {
                throw new CommandLineFailure($"--timeout {seconds} is out of range: give 1 to 3600 seconds.", 2);
            }

            var templatePath = parsed.GetValue(template)!;
            var outPath = parsed.GetValue(output)!;
            var outDirectory = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            if (!Directory.Exists(outDirectory))
            {
                // Checked before LibreOffice starts, so a typo costs nothing.
                throw new CommandLineFailure($"--out {outPath}: the directory {outDirectory} does not exist.", 2);
            }

            var loaded = await DocInputs.TemplateAsync(templatePath, cancellationToken);
            var values = await DocInputs.JsonAsync("--data", parsed.GetValue(data)!, cancellationToken);
            byte[] docx;
            try
            {
                docx = loaded.Render(values);
            }
            catch (TemplateRenderException e)
            {
                throw new CommandLineFailure($"{templatePath}: {e.Field}: {e.Message}", 2);
            }

            var pdf = await ConvertAsync(docx, TimeSpan.FromSeconds(seconds), cancellationToken);
            try
            {
                await AtomicFile.WriteAsync(outPath, pdf, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandLineFailure($"--out {outPath}: {e.Message}", 2);
            }

            Console.WriteLine($"rendered {outPath} ({pdf.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(pdf))})");
            return 0;
        }));
        return command;
    }

    private static Command CheckCommand()
    {
        var template = new Argument<string>("TEMPLATE") { Description = "The Word template (.docx)." };
        var schema = new Option<string>("--schema") { Description = "The workflow's input schema (JSON Schema).", Required = true };
        var command = new Command("check", "List every problem a template has against an input schema.") { template, schema };
        command.SetAction(async (parsed, cancellationToken) => await ReportFailuresAsync(async () =>
        {
            var templatePath = parsed.GetValue(template)!;
            var loaded = await DocInputs.TemplateAsync(templatePath, cancellationToken);
            var inputSchema = await DocInputs.JsonAsync("--schema", parsed.GetValue(schema)!, cancellationToken);
            var result = loaded.Validate(inputSchema);
            foreach (var problem in result.Problems)
            {
                Console.WriteLine(problem.ToString());
            }

            if (result.IsValid)
            {
                Console.WriteLine($"{templatePath}: no problems");
                return 0;
            }

            throw new CommandLineFailure($"{templatePath}: {result.Problems.Count} problem(s) against the schema.", 1);
        }));
        return command;
    }

    /// <summary>A pool of one warm worker: the CLI converts one document, but through the same path the server uses,
    /// so what the command produces is what a workflow would.</summary>
    private static async Task<byte[]> ConvertAsync(byte[] docx, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var pool = new DocumentConverterPool(new DocumentConverterOptions { Workers = 1, QueueCapacity = 1, ConversionTimeout = timeout });
        try
        {
            await pool.StartAsync(cancellationToken);
            return await pool.ConvertToPdfAsync(docx, cancellationToken);
        }
        catch (DocumentConversionException e)
        {
            throw new CommandLineFailure(e.Message, 1);
        }
    }

    /// <summary>Prints a <see cref="CommandLineFailure"/> as one line and keeps its exit code (see PdfCommand).</summary>
    private static async Task<int> ReportFailuresAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CommandLineFailure failure)
        {
            await Console.Error.WriteLineAsync("hub: " + failure.Message);
            return failure.ExitCode;
        }
    }
}
