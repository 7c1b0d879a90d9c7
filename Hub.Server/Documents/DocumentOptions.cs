namespace Hub.Server.Documents;

/// <summary>How the node does document work (configuration section <c>Documents</c>, e.g. <c>Documents__ConverterWorkers=1</c>).</summary>
internal sealed class DocumentOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Documents";

    /// <summary>Folder of the shipped Word templates (<c>NAME.docx</c> with <c>NAME.schema.json</c> and <c>NAME.sample.json</c>),
    /// seeded into the database's managed templates at start (TemplateSeeder). Unset: <c>templates/</c> beside the server's
    /// assembly, where the build and <c>dotnet publish</c> copy <c>workflows/templates/</c>.</summary>
    public string? TemplateDirectory { get; init; }

    /// <summary>Warm LibreOffice processes of the node's converter pool. Unset: the number of cores, at most 4.</summary>
    public int? ConverterWorkers { get; init; }

    /// <summary>
    /// Start the converter's LibreOffice processes when the node starts (default true), so no request pays a cold
    /// start. Test nodes that never convert set it false (<c>Documents__WarmOnStart=false</c>); the pool then starts
    /// on first use.
    /// </summary>
    public bool WarmOnStart { get; init; } = true;

    /// <summary>LibreOffice's <c>soffice.bin</c>. Unset: /usr/lib/libreoffice/program/soffice.bin (Debian).</summary>
    public string? SofficePath { get; init; }

    /// <summary>The Python with LibreOffice's <c>uno</c> module. Unset: /usr/bin/python3 (Debian's python3-uno).</summary>
    public string? PythonPath { get; init; }

    /// <summary>The template folder in effect.</summary>
    public string Templates => Path.GetFullPath(TemplateDirectory ?? Path.Combine(AppContext.BaseDirectory, "templates"));

    /// <summary>Refuses values that cannot work, at start-up rather than at the first document.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range.</exception>
    public void Validate()
    {
        if (ConverterWorkers is < 1 or > 32)
        {
            throw new InvalidOperationException($"Documents:ConverterWorkers must be between 1 and 32, not {ConverterWorkers}.");
        }
    }
}
