using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Providers.Local;
using Hub.Server.Identity.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Identity;

/// <summary>Registers real-name verification: the identity store, its keys, the provider and the SMS channel.</summary>
internal static class IdentityServices
{
    public const string ProviderSection = "Identity:Provider";
    public const string SmsSection = "Identity:Sms";

    /// <summary>Where the development sink writes codes, in the data directory.</summary>
    public const string DevelopmentSmsFile = "development-sms.txt";

    public static IServiceCollection AddHubIdentity(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        // Store: schema identity through its own context; keys wrapped under the master key.
        services.AddDbContext<IdentityDbContext>((s, db) => db.UseNpgsql(s.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IdentityKeys>();

        // Provider: the configured vendor, or else the local provider on loopback (development and tests).
        var configured = configuration.GetSection(ProviderSection).Get<IdentityProviderOptions>();
        if (configured?.BaseUrl is null)
        {
            services.AddSingleton(_ => LocalIdentityProvider.Start(LocalIdentityRegistry.Demo()));
        }

        services.AddSingleton<IIdentityProvider>(s =>
        {
            var options = configured?.BaseUrl is null ? s.GetRequiredService<LocalIdentityProvider>().ClientOptions() : configured;
            return new HttpIdentityProvider(new HttpClient(), options, s.GetRequiredService<TimeProvider>());
        });

        // SMS: the configured HTTP gateway, or else the development sink that keeps codes in memory by person id (the
        // tests read them there) and appends them to <data>/development-sms.txt (a developer, or the browser test, reads
        // them there).
        var gateway = configuration.GetSection(SmsSection).Get<SmsGatewayOptions>();
        gateway?.Validate();
        services.AddSingleton(_ => new DevelopmentSmsSink(Path.Combine(dataDirectory, DevelopmentSmsFile)));
        services.AddSingleton<ISmsSender>(s => gateway?.Url is null
            ? s.GetRequiredService<DevelopmentSmsSink>()
            : new HttpSmsGateway(new HttpClient(), gateway, s.GetRequiredService<TimeProvider>()));
        services.AddScoped<IdentityService>();

        // Engine: the relay's branch for identity.* messages, and the signals that resume nodes waiting for a person.
        services.AddSingleton<IdentitySignals>();
        services.AddSingleton<IdentityDispatch>();
        // The wait sweep runs as a recurring job (Hosting/Jobs/MaintenanceJobs).
        services.AddSingleton<IdentityWaitSweep>();
        return services;
    }
}
