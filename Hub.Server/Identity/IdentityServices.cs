using Hub.Activities.Identity;
using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Providers;
using Hub.Server.Identity.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Identity;

/// <summary>Registers real-name verification: the domain's use cases and effect handler, and this host's ports for
/// them (the identity store, its keys, the CA, the waiting nodes).</summary>
internal static class IdentityServices
{
    public const string ProviderSection = "Identity:Provider";
    public const string SmsSection = "Identity:Sms";

    /// <summary>Where the development sink writes codes, in the data directory.</summary>
    public const string DevelopmentSmsFile = "development-sms.txt";

    public static IServiceCollection AddHubIdentity(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        // Domain: use cases, the configured provider (or the local one) and SMS channel, the identity.* effect handler.
        services.AddIdentityUseCases(configuration.GetSection(ProviderSection).Get<IdentityProviderOptions>(),
            configuration.GetSection(SmsSection).Get<SmsGatewayOptions>(), Path.Combine(dataDirectory, DevelopmentSmsFile));

        // Ports: schema identity through its own context; keys wrapped under the master key; the node's CA.
        services.AddDbContext<IdentityDbContext>((s, db) => db.UseNpgsql(s.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped<IIdentityStore, IdentityStore>();
        services.AddSingleton<IdentityKeys>();
        services.AddSingleton<IIdentityKeys>(s => s.GetRequiredService<IdentityKeys>());
        services.AddSingleton<IPartyAuthority, HubPartyAuthority>();

        // Engine: the signals that resume nodes waiting for a person, and the sweep that makes sure none waits forever.
        services.AddSingleton<IdentitySignals>();
        services.AddScoped<IIdentityWaits, IdentityWaits>();
        // The wait sweep runs as a recurring job (Hosting/Jobs/MaintenanceJobs).
        services.AddSingleton<IdentityWaitSweep>();
        return services;
    }
}
