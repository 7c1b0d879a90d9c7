using System.Text.Json;
using Hub.Activities.Documents.Templates;

namespace Hub.Server.Documents;

/// <summary>
/// Checks a template before it is stored, as <c>./hub doc check</c> does and a little more: the package is loaded
/// through the hostile-content checks (zip bombs, DTDs and entities, macros, not a Word document), the schema and
/// sample must be JSON, every binding is validated against the schema, and the sample must fill the template. Every
/// problem is listed, not just the first.
/// </summary>
internal static class TemplateCheck
{
    /// <summary>Schemas and samples are small; a bigger one is refused before it is parsed (as <c>hub doc</c> does).</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    /// <summary>Every problem of the upload, in order: package, schema, sample, bindings, filling the sample.</summary>
    public static IReadOnlyList<string> Problems(byte[] docx, string inputSchema, string sampleData)
    {
        var problems = new List<string>();
        DocumentTemplate? template = null;
        try
        {
            template = DocumentTemplate.Load(docx);
        }
        catch (DocumentRejectedException e)
        {
            problems.Add("template: " + e.Message);
        }

        var schema = Json("schema", inputSchema, problems);
        var sample = Json("sample", sampleData, problems);
        if (template is null)
        {
            return problems;
        }

        if (schema is { } s)
        {
            problems.AddRange(template.Validate(s).Problems.Select(p => p.ToString()));
        }

        if (sample is { } data)
        {
            try
            {
                template.Render(data);
            }
            catch (TemplateRenderException e)
            {
                problems.Add($"sample: {e.Field}: {e.Message}");
            }
        }

        return problems;
    }

    private static JsonElement? Json(string part, string text, List<string> problems)
    {
        if (text.Length > MaxJsonBytes)
        {
            problems.Add($"{part}: {text.Length} characters, more than the limit of {MaxJsonBytes}.");
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            problems.Add($"{part}: not valid JSON: {e.Message}");
            return null;
        }
    }
}
