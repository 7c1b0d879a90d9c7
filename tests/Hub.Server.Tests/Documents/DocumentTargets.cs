using System.Security.Cryptography;
using System.Text;
using Hub.Activities.Documents.Records;
using Hub.Server.Documents;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Documents;

/// <summary>A document of Alpha and one of Beta, recorded as GenerateDocument records them, for access tests.</summary>
internal sealed record DocumentTargets(string AlphaDocumentId, string BetaDocumentId)
{
    public static async Task<DocumentTargets> CreateAsync(HubServerFixture hub)
    {
        var alpha = await KeepAsync(hub, hub.Group.Alpha.Id, hub.Group.Alpha.Path, "alpha.txt");
        var beta = await KeepAsync(hub, hub.Group.Beta.Id, hub.Group.Beta.Path, "beta.txt");
        return new DocumentTargets(alpha.DocumentId, beta.DocumentId);
    }

    /// <summary>Keeps fresh bytes with a record of the given organisation.</summary>
    public static Task<DocumentRecord> KeepAsync(HubServerFixture hub, Guid organisationId, string organisationPath, string fileName,
        string? category = null, string? counterparty = null, string? title = null, DocumentKind kind = DocumentKind.Generated,
        DateTimeOffset? createdAt = null, byte[]? content = null)
    {
        content ??= Encoding.UTF8.GetBytes($"{fileName} {Guid.NewGuid()}");
        var record = new DocumentRecord(Convert.ToHexStringLower(SHA256.HashData(content)), organisationId, organisationPath, category, counterparty,
            title, fileName, kind, null, null, null, createdAt ?? DateTimeOffset.UtcNow);
        return hub.Service<DocumentRecordStore>().KeepAsync(record, content, CancellationToken.None);
    }
}
