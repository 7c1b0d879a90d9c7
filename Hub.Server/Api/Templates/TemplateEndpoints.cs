using System.Text;
using System.Text.Json;
using Hub.Activities.Documents.Conversion;
using Hub.Activities.Documents.Templates;
using Hub.Server.Api.Validation;
using Hub.Server.Api.Workflows;
using Hub.Server.Authorisation;
using Hub.Server.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Templates;

/// <summary>
/// Managed Word templates: upload (checked as <c>./hub doc check</c> checks, every problem listed), versions, download,
/// and a preview filled with the sample data. Templates belong to the platform or to an organisation, whose flows and
/// those below it may use them.
/// </summary>
internal static class TemplateEndpoints
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static IEndpointRouteBuilder MapTemplateEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/templates").WithTags("Templates");
        group.MapGet("/", ListAsync).WithName("ListTemplates").WithSummary("The latest version of every template the caller's flows may use or it owns.")
            .Allow(AccessRule.AnyCaller("only the platform's templates and those of the caller's organisations, their ancestors and subtrees"));
        group.MapPost("/", UploadAsync).WithName("UploadTemplate")
            .WithSummary("Upload a .docx with its input schema and sample data (multipart: name, organisationId, template, schema, sample); a known name gets its next version.")
            .Accepts<IFormFile>("multipart/form-data").DisableAntiforgery()
            .Allow(AccessRule.Scoped("an HqAdmin, or an OrgAdmin over the owning organisation; platform templates (no organisationId) only an HqAdmin"));
        group.MapGet("/{name}", VersionsAsync).WithName("GetTemplateVersions").WithSummary("Every version of a template, newest first.")
            .Allow(AccessRule.Scoped("a caller who may see the template"));
        group.MapGet("/{name}/content", DownloadAsync).WithName("DownloadTemplate").WithSummary("The .docx of the latest version, or of ?version=N.")
            .Allow(AccessRule.Scoped("a caller who may see the template"));
        group.MapPost("/{name}/preview", PreviewAsync).WithName("PreviewTemplate")
            .WithSummary("Fill the template with the JSON body (or its sample data when the body is empty) and return the PDF, or the .docx with ?format=docx.")
            .Allow(AccessRule.Scoped("a caller who may see the template"));
        return routes;
    }

    private static async Task<Ok<List<TemplateResponse>>> ListAsync(Caller caller, TemplateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.LatestOfEachAsync(cancellationToken)).Where(t => TemplateAccess.CanSee(caller, t)).Select(TemplateResponse.From).ToList());

    private static async Task<Results<Created<TemplateResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(HttpContext context, Caller caller,
        TemplateStore store, NpgsqlDataSource db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (!context.Request.HasFormContentType)
        {
            errors.Add("template", "Send multipart/form-data with the fields name, template, schema and sample (and organisationId for an organisation's template).");
            return errors.ToProblem();
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var name = form["name"].ToString();
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9][a-z0-9-]{0,63}$"))
        {
            errors.Add("name", "'name' must be 1 to 64 lower-case letters, digits and '-', starting with a letter or digit.");
        }

        Guid? organisationId = null;
        if (form["organisationId"].ToString() is { Length: > 0 } organisationText)
        {
            if (Guid.TryParse(organisationText, out var parsed))
            {
                organisationId = parsed;
            }
            else
            {
                errors.Add("organisationId", "'organisationId' must be an organisation id.");
            }
        }

        var docx = await PartAsync(form, "template", errors, cancellationToken);
        var schema = await PartAsync(form, "schema", errors, cancellationToken);
        var sample = await PartAsync(form, "sample", errors, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The owner: the organisation asked for (which the caller must see), or the platform.
        string? ownerPath = null;
        if (organisationId is { } id)
        {
            var (path, refusal) = await WorkflowScope.ReadableAsync(db, id, caller, context, cancellationToken);
            if (path is null)
            {
                return refusal!;
            }

            ownerPath = path;
        }

        var existing = (await store.VersionsAsync(name, cancellationToken)).FirstOrDefault();
        if (!TemplateAccess.CanUpload(caller, ownerPath) || (existing is not null && !TemplateAccess.CanUpload(caller, existing.OwnerPath)))
        {
            return AccessDenial.Forbidden(context, caller, ownerPath is null
                ? "Only an HqAdmin may upload the platform's templates."
                : "Only an HqAdmin or an OrgAdmin over the owning organisation may upload its templates.");
        }

        if (existing is not null && existing.OwnerOrganisationId != organisationId)
        {
            return Problems.Conflict($"Template '{name}' is owned by {(existing.OwnerPath is null ? "the platform" : "organisation " + existing.OwnerOrganisationId)}; a new version keeps the owner of the first.");
        }

        var schemaText = Encoding.UTF8.GetString(schema!);
        var sampleText = Encoding.UTF8.GetString(sample!);
        var problems = TemplateCheck.Problems(docx!, schemaText, sampleText);
        if (problems.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The template has problems",
                detail: $"{problems.Count} problem(s); nothing was stored.", extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        try
        {
            var stored = await store.AddVersionAsync(new TemplateUpload(name, organisationId, ownerPath, docx!, schemaText, sampleText, caller.ToString()),
                time.GetUtcNow(), cancellationToken);
            return TypedResults.Created($"/api/templates/{stored.Name}", TemplateResponse.From(stored));
        }
        catch (TemplateOwnerConflictException e)
        {
            return Problems.Conflict(e.Message);
        }
    }

    private static async Task<Results<Ok<List<TemplateResponse>>, ProblemHttpResult>> VersionsAsync(string name, Caller caller, TemplateStore store,
        HttpContext context, CancellationToken cancellationToken)
    {
        var versions = await store.VersionsAsync(name, cancellationToken);
        if (Refuse(name, versions.FirstOrDefault(), caller, context) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok(versions.Select(TemplateResponse.From).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(string name, int? version, Caller caller,
        TemplateStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var (chosen, content, refusal) = await ChooseAsync(name, version, caller, store, context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        return TypedResults.File(content!.Docx, DocxType, $"{chosen!.Name}-v{chosen.Version}.docx");
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PreviewAsync(string name, int? version, string? format,
        Caller caller, TemplateStore store, DocumentConverterService converter, HttpContext context, CancellationToken cancellationToken)
    {
        if (format is not (null or "pdf" or "docx"))
        {
            var errors = new RequestErrors();
            errors.Add("format", "'format' must be pdf or docx.");
            return errors.ToProblem();
        }

        var (chosen, content, refusal) = await ChooseAsync(name, version, caller, store, context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > TemplateCheck.MaxJsonBytes)
        {
            var errors = new RequestErrors();
            errors.Add("data", $"The body has {buffer.Length} bytes, more than the limit of {TemplateCheck.MaxJsonBytes}.");
            return errors.ToProblem();
        }

        JsonElement data;
        try
        {
            // No body: the template's own sample data.
            using var body = buffer.Length == 0
                ? JsonDocument.Parse(content!.SampleData)
                : JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            data = body.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var errors = new RequestErrors();
            errors.Add("data", $"The body is not valid JSON: {e.Message}");
            return errors.ToProblem();
        }

        byte[] docx;
        try
        {
            docx = DocumentTemplate.Load(content!.Docx).Render(data);
        }
        catch (TemplateRenderException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The data does not fit the template",
                detail: $"{e.Field}: {e.Message}");
        }

        var baseName = $"{chosen!.Name}-v{chosen.Version}-preview";
        if (format == "docx")
        {
            return TypedResults.File(docx, DocxType, baseName + ".docx");
        }

        try
        {
            var pool = await converter.PoolAsync(cancellationToken);
            return TypedResults.File(await pool.ConvertToPdfAsync(docx, cancellationToken), "application/pdf", baseName + ".pdf");
        }
        catch (DocumentConversionException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Conversion unavailable", detail: e.Message);
        }
    }

    private static async Task<(StoredTemplate? Chosen, TemplateContent? Content, ProblemHttpResult? Refusal)> ChooseAsync(string name, int? version,
        Caller caller, TemplateStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var versions = await store.VersionsAsync(name, cancellationToken);
        if (Refuse(name, versions.FirstOrDefault(), caller, context) is { } refusal)
        {
            return (null, null, refusal);
        }

        var chosen = version is null ? versions[0] : versions.FirstOrDefault(v => v.Version == version);
        if (chosen is null)
        {
            return (null, null, Problems.NotFound($"Template '{name}' has no version {version}."));
        }

        var content = await store.ContentAsync(chosen.Name, chosen.Version, cancellationToken);
        return content is null ? (null, null, Problems.NotFound($"Template '{name}' has no version {chosen.Version}.")) : (chosen, content, null);
    }

    private static ProblemHttpResult? Refuse(string name, StoredTemplate? latest, Caller caller, HttpContext context) =>
        latest is null ? Problems.NotFound($"No template '{name}'.")
        : TemplateAccess.CanSee(caller, latest) ? null
        : AccessDenial.Forbidden(context, caller, "The template's owner is outside the caller's organisations and their ancestors.");

    /// <summary>A part given as a file or as a plain field; a missing one is a field error.</summary>
    private static async Task<byte[]?> PartAsync(IFormCollection form, string field, RequestErrors errors, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile(field) is { } file)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }

        if (form[field].ToString() is { Length: > 0 } text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        errors.Add(field, $"'{field}' is required (a file or a field).");
        return null;
    }
}
