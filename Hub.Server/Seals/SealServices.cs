using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Seals;

/// <summary>The seal ledger's services (its stores are static over the node's data source).</summary>
internal static class SealServices
{
    public static IServiceCollection AddHubSeals(this IServiceCollection services)
    {
        // Certificates for electronic seals: issued by the Hub CA or imported from a licensed CA.
        services.AddSingleton<SealCertificates>();
        // Seal use in flows: authorisation, single-use grants and sealing as effects of the seal activities.
        services.AddSingleton<Use.SealApplication>();
        services.AddSingleton<Hub.Workflows.Effects.IEffectHandler, Use.SealUseEffects>();
        services.AddSingleton<ISealDashboardFigures, Use.SealUseDashboardFigures>();
        services.AddSingleton<Hub.Activities.Evidence.IEvidenceRecords, Use.DatabaseEvidenceRecords>();
        // A person's own signature after a fresh authentication (the labour contract's employee).
        services.AddSingleton<Personal.PersonalSignatureApplication>();
        services.AddSingleton<Personal.PersonalSignatureEffects>();
        services.AddSingleton<Hub.Workflows.Effects.IEffectHandler>(s => s.GetRequiredService<Personal.PersonalSignatureEffects>());

        // The demo group's seals, grants and identity register, after the demo group exists.
        services.AddScoped<Seeding.DemoSealSeeder>();
        return services;
    }
}
