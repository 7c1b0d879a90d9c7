using System.Net.Http.Headers;
using Hub.Server.Documents;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Documents;

/// <summary>A template owned by Alpha and one by Beta, from the shipped expense form, for access tests.</summary>
internal sealed record TemplateTargets(string AlphaTemplate, string BetaTemplate)
{
    /// <summary>The shipped templates as the build copies them beside the server.</summary>
    public static string Shipped(string file) => Path.Combine(AppContext.BaseDirectory, "templates", file);

    public static async Task<TemplateTargets> CreateAsync(HubServerFixture hub)
    {
        var alpha = "alpha-" + Guid.NewGuid().ToString("N")[..8];
        var beta = "beta-" + Guid.NewGuid().ToString("N")[..8];
        var store = hub.Service<TemplateStore>();
        await store.AddVersionAsync(Upload(alpha, hub.Group.Alpha.Id, hub.Group.Alpha.Path), DateTimeOffset.UtcNow, CancellationToken.None);
        await store.AddVersionAsync(Upload(beta, hub.Group.Beta.Id, hub.Group.Beta.Path), DateTimeOffset.UtcNow, CancellationToken.None);
        return new TemplateTargets(alpha, beta);
    }

    public static TemplateUpload Upload(string name, Guid? ownerId, string? ownerPath, string shipped = "expense-reimbursement") => new(name, ownerId, ownerPath,
        File.ReadAllBytes(Shipped(shipped + ".docx")), File.ReadAllText(Shipped(shipped + ".schema.json")),
        File.ReadAllText(Shipped(shipped + ".sample.json")), "test");

    /// <summary>The multipart body the upload endpoint takes.</summary>
    public static MultipartFormDataContent Form(string name, Guid? organisationId, byte[] docx, string schema, string sample)
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        if (organisationId is { } id)
        {
            form.Add(new StringContent(id.ToString()), "organisationId");
        }

        var file = new ByteArrayContent(docx);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        form.Add(file, "template", name + ".docx");
        form.Add(new StringContent(schema), "schema");
        form.Add(new StringContent(sample), "sample");
        return form;
    }

    public static MultipartFormDataContent ShippedForm(string name, Guid? organisationId, string shipped = "expense-reimbursement") =>
        Form(name, organisationId, File.ReadAllBytes(Shipped(shipped + ".docx")), File.ReadAllText(Shipped(shipped + ".schema.json")),
            File.ReadAllText(Shipped(shipped + ".sample.json")));
}
