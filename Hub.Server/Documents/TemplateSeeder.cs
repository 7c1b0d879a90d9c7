namespace Hub.Server.Documents;

/// <summary>
/// Seeds the shipped templates (<c>NAME.docx</c> with <c>NAME.schema.json</c> and <c>NAME.sample.json</c> in
/// <see cref="DocumentOptions.Templates"/>) as platform templates at start. Idempotent: content already stored is left
/// alone, and a shipped file that changed becomes the name's next version. A shipped template with problems stops the
/// start, naming them: it would fail every flow that uses it.
/// </summary>
internal sealed class TemplateSeeder(DocumentOptions options, TemplateStore store, TimeProvider time)
{
    /// <summary>Who <see cref="StoredTemplate.UploadedBy"/> names for seeded versions.</summary>
    public const string Shipped = "shipped";

    /// <summary>Seeds every shipped template; returns the versions added.</summary>
    /// <exception cref="InvalidOperationException">A shipped template has problems.</exception>
    public async Task<IReadOnlyList<StoredTemplate>> SeedAsync(CancellationToken cancellationToken)
    {
        var added = new List<StoredTemplate>();
        if (!Directory.Exists(options.Templates))
        {
            return added;
        }

        foreach (var docxPath in Directory.EnumerateFiles(options.Templates, "*.docx").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(docxPath);
            var schemaPath = Path.Combine(options.Templates, name + ".schema.json");
            var samplePath = Path.Combine(options.Templates, name + ".sample.json");
            if (!File.Exists(schemaPath) || !File.Exists(samplePath))
            {
                throw new InvalidOperationException($"The shipped template {docxPath} has no {name}.schema.json and {name}.sample.json beside it.");
            }

            var upload = new TemplateUpload(name, null, null, await File.ReadAllBytesAsync(docxPath, cancellationToken),
                await File.ReadAllTextAsync(schemaPath, cancellationToken), await File.ReadAllTextAsync(samplePath, cancellationToken), Shipped);
            // Every start of every node and CLI verb seeds: content already stored costs one query, not a check and a render.
            if (await store.HoldsAsync(upload, cancellationToken))
            {
                continue;
            }

            var problems = TemplateCheck.Problems(upload.Docx, upload.InputSchema, upload.SampleData);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"The shipped template {docxPath} has {problems.Count} problem(s): {string.Join("; ", problems)}");
            }

            if (await store.SeedAsync(upload, time.GetUtcNow(), cancellationToken) is { } stored)
            {
                added.Add(stored);
            }
        }

        return added;
    }
}
