using Hub.Activities.Archive;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Documents.Records;
using Hub.Server.Archive;
using Hub.Server.Secrets;
using Hub.Workflows.Effects;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Documents;

/// <summary>Registers the node's document work: converter pool, workspace, archive, and the document effect handler.</summary>
internal static class DocumentServices
{
    /// <summary>The archive key id derived from the master key (docs/archive.md, Encryption).</summary>
    public const string ArchiveKeyId = "archive-1";

    public static IServiceCollection AddHubDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DocumentOptions.Section).Get<DocumentOptions>() ?? new DocumentOptions();
        options.Validate();
        services.AddSingleton(options);

        // Conversion: one warm LibreOffice pool per node, started with the node.
        services.AddSingleton<DocumentConverterService>();
        services.AddHostedService(s => s.GetRequiredService<DocumentConverterService>());

        // Storage: the instances' documents by SHA-256 (encrypted under a key derived from the master key), the
        // encrypted archive keyed from the master key and its audit trail, all in the database: nodes share no directory.
        services.AddSingleton(s => new DocumentCipher(s.GetRequiredService<MasterKey>()));
        // Templates: managed, versioned records in the database; the shipped ones seeded at start.
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<TemplateSeeder>();
        services.AddSingleton<HubDocumentWorkspace>();
        // Every document a flow makes is kept with its record (whose, what, from where); flows reach documents only
        // through the register, which refuses one outside the instance's organisation subtree.
        services.AddSingleton<DocumentRecordStore>();
        services.AddSingleton<IDocumentRecords>(s => s.GetRequiredService<DocumentRecordStore>());
        services.AddSingleton(s => new DocumentRegister(s.GetRequiredService<IDocumentRecords>(), s.GetRequiredService<HubDocumentWorkspace>(),
            s.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DocumentDownloads>();
        services.AddSingleton(s =>
        {
            var masterKey = s.GetRequiredService<MasterKey>();
            var dataSource = s.GetRequiredService<NpgsqlDataSource>();
            var keys = new ArchiveKeyRing(ArchiveKeyId, new Dictionary<string, byte[]> { [ArchiveKeyId] = ArchiveKeyRing.Derive(masterKey.Bytes, ArchiveKeyId) });
            return new DocumentArchive(new DatabaseArchiveStore(dataSource), keys, new DatabaseArchiveAuditSink(dataSource),
                time: s.GetRequiredService<TimeProvider>());
        });

        // The effect handler for documents.* messages, over the node's document work.
        services.AddSingleton<HubDocumentWork>();
        services.AddSingleton<IDocumentWorkSource>(s => s.GetRequiredService<HubDocumentWork>());
        services.AddSingleton<IEffectHandler, DocumentEffects>();
        return services;
    }
}
