using Hub.Activities.Evidence.Chain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Evidence;

/// <summary>The evidence chain in the host: the append port, anchoring and verification.</summary>
internal static class EvidenceServices
{
    public static IServiceCollection AddHubEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(EvidenceOptions.Section).Get<EvidenceOptions>() ?? new EvidenceOptions();
        if (string.IsNullOrWhiteSpace(options.AnchoringCron))
        {
            throw new InvalidOperationException("Evidence:AnchoringCron is empty; leave it unset for hourly anchoring.");
        }

        services.AddSingleton(options);
        // Acts that change no other rows are appended in a transaction of their own; stores append in theirs.
        services.AddSingleton<IEvidenceLog, DatabaseEvidenceLog>();
        // Anchoring (the recurring job and the API) and verification (the API; the CLI builds its own).
        services.AddSingleton<EvidenceAnchoring>();
        services.AddSingleton<EvidenceVerification>();
        return services;
    }
}
