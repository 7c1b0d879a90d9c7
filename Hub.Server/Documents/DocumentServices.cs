using Hub.Activities.Archive;
using Hub.Activities.Documents.Activities;
using Hub.Server.Secrets;
using Hub.Workflows.Effects;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Documents;

/// <summary>Registers the node's document work: converter pool, workspace, archive, and the document effect handler.</summary>
internal static class DocumentServices
{
    /// <summary>The archive key id derived from the master key (docs/archive.md, Encryption).</summary>
    public const string ArchiveKeyId = "archive-1";

    public static IServiceCollection AddHubDocuments(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.GetSection(DocumentOptions.Section).Get<DocumentOptions>() ?? new DocumentOptions();
        options.Validate();
        services.AddSingleton(options);
        var data = Path.GetFullPath(dataDirectory);

        // Conversion: one warm LibreOffice pool per node, started with the node.
        services.AddSingleton<DocumentConverterService>();
        services.AddHostedService(s => s.GetRequiredService<DocumentConverterService>());

        // Storage: the instances' documents by SHA-256, the encrypted archive keyed from the master key, its audit
        // trail as a file until the evidence chain exists.
        services.AddSingleton(s => new HubDocumentWorkspace(s.GetRequiredService<DocumentOptions>(), data));
        services.AddSingleton(s =>
        {
            var masterKey = s.GetRequiredService<MasterKey>();
            var keys = new ArchiveKeyRing(ArchiveKeyId, new Dictionary<string, byte[]> { [ArchiveKeyId] = ArchiveKeyRing.Derive(masterKey.Bytes, ArchiveKeyId) });
            return new DocumentArchive(new FileSystemArchiveStore(Path.Combine(data, "archive")), keys,
                new FileArchiveAuditSink(Path.Combine(data, "archive-audit.jsonl")), time: s.GetRequiredService<TimeProvider>());
        });

        // The effect handler for documents.* messages, over the node's document work.
        services.AddSingleton<HubDocumentWork>();
        services.AddSingleton<IDocumentWorkSource>(s => s.GetRequiredService<HubDocumentWork>());
        services.AddSingleton<IEffectHandler, DocumentEffects>();
        return services;
    }
}
