using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Hub.Activities.Documents.Templates;

/// <summary>
/// A Word template (.docx) checked for hostile content when loaded, validated against a workflow's input schema
/// before publishing, and filled with JSON data into a new .docx. The template language is described in
/// docs/templates.md. Immutable: every render starts from the loaded bytes.
/// </summary>
public sealed class DocumentTemplate
{
    private readonly byte[] package;
    private readonly DocumentLimits limits;

    private DocumentTemplate(byte[] package, DocumentLimits limits)
    {
        this.package = package;
        this.limits = limits;
    }

    /// <summary>Loads a template after checking the package (see <see cref="DocumentLimits"/>).</summary>
    /// <exception cref="DocumentRejectedException">Not a zip, a zip bomb, a DTD or entity in an XML part, macros,
    /// an oversized image, or not a Word document.</exception>
    public static DocumentTemplate Load(ReadOnlySpan<byte> docx, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        SafeDocxReader.Check(docx, limits);
        var template = new DocumentTemplate(docx.ToArray(), limits);
        // Parsed once so a package the SDK cannot read is refused at load, not at the first render.
        using (template.Open(editable: false))
        {
        }

        return template;
    }

    /// <summary>Lists every problem the template has against <paramref name="inputSchema"/> (a JSON Schema): unknown
    /// fields, type mismatches, malformed tags and conditions that do not type-check.</summary>
    public TemplateValidationResult Validate(JsonElement inputSchema)
    {
        var validator = new TemplateValidator(inputSchema);
        using var document = Open(editable: false);
        foreach (var (_, root) in Roots(document))
        {
            validator.Validate(root, SchemaScope.ForRoot(inputSchema));
        }

        return new TemplateValidationResult(validator.Problems);
    }

    /// <summary>Fills the template with <paramref name="data"/> and returns the new .docx.</summary>
    /// <exception cref="TemplateRenderException">The data does not fit a binding; the exception names it.</exception>
    public byte[] Render(JsonElement data, TemplateRenderOptions? options = null)
    {
        options ??= new TemplateRenderOptions { Limits = limits };
        var renderer = new TemplateRenderer(options, new ConditionEvaluator(null));
        using var output = new MemoryStream();
        output.Write(package);
        using (var document = WordprocessingDocument.Open(output, true, Settings()))
        {
            foreach (var (part, root) in Roots(document))
            {
                renderer.Render(part, root, DataScope.ForRoot(data));
                part.RootElement!.Save();
            }
        }

        return output.ToArray();
    }

    private WordprocessingDocument Open(bool editable)
    {
        try
        {
            return WordprocessingDocument.Open(new MemoryStream(package, writable: editable), editable, Settings());
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException
                                      or IOException)
        {
            throw new DocumentRejectedException($"The file is not a readable Word document ({e.Message}).", e);
        }
    }

    private OpenSettings Settings() => new() { MaxCharactersInPart = limits.MaxTotalUncompressedBytes };

    private static IEnumerable<(OpenXmlPart Part, OpenXmlElement Root)> Roots(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart
            ?? throw new DocumentRejectedException("The Word document has no main document part.");
        yield return (main, main.Document?.Body ?? throw new DocumentRejectedException("The Word document has no body."));
        foreach (var header in main.HeaderParts)
        {
            yield return (header, header.Header);
        }

        foreach (var footer in main.FooterParts)
        {
            yield return (footer, footer.Footer);
        }
    }
}
