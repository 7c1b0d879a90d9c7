using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Providers.Local;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;
using Hub.Workflows.Effects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Activities.Identity;

/// <summary>Registers real-name identity: its use cases, the provider and SMS channel they call, and the effect handler
/// of the identity activities. The host adds the ports: <see cref="IIdentityStore"/> and <see cref="IIdentityWaits"/>
/// (scoped, one per request or effect), <see cref="IIdentityKeys"/> and <see cref="IPartyAuthority"/>.</summary>
public static class IdentityRegistration
{
    /// <summary>
    /// Adds the identity use cases (scoped), the provider (<paramref name="provider"/>, or else a local provider on
    /// loopback for development and tests), the SMS channel (<paramref name="sms"/>'s gateway, or else the development
    /// sink that keeps codes in memory and appends them to <paramref name="developmentSmsFile"/>), and
    /// <c>IdentityEffects</c> as an <see cref="IEffectHandler"/> for the kinds <c>identity.*</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="sms"/> is configured but incomplete.</exception>
    public static IServiceCollection AddIdentityUseCases(this IServiceCollection services, IdentityProviderOptions? provider,
        SmsGatewayOptions? sms, string developmentSmsFile)
    {
        // Provider: the configured vendor, or else the local provider on loopback.
        if (provider?.BaseUrl is null)
        {
            services.AddSingleton(_ => LocalIdentityProvider.Start(LocalIdentityRegistry.Demo()));
        }

        services.AddSingleton<IIdentityProvider>(s => new HttpIdentityProvider(new HttpClient(),
            provider?.BaseUrl is null ? s.GetRequiredService<LocalIdentityProvider>().ClientOptions() : provider, s.GetRequiredService<TimeProvider>()));

        // SMS: the configured HTTP gateway, or else the development sink (tests and developers read codes there).
        sms?.Validate();
        services.AddSingleton(_ => new DevelopmentSmsSink(developmentSmsFile));
        services.AddSingleton<ISmsSender>(s => sms?.Url is null
            ? s.GetRequiredService<DevelopmentSmsSink>()
            : new HttpSmsGateway(new HttpClient(), sms, s.GetRequiredService<TimeProvider>()));

        // Use cases: one set per request or effect, over that scope's store.
        services.AddScoped<PersonRegistry>();
        services.AddScoped(s => new PersonVerifications(s.GetRequiredService<IIdentityStore>(), s.GetRequiredService<IIdentityKeys>(),
            s.GetRequiredService<IIdentityProvider>(), s.GetRequiredService<ISmsSender>(), s.GetRequiredService<IPartyAuthority>(),
            s.GetRequiredService<IIdentityWaits>(), s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<PersonVerifications>>()));
        services.AddScoped(s => new EnterpriseRegistry(s.GetRequiredService<IIdentityStore>(), s.GetRequiredService<IIdentityKeys>(),
            s.GetRequiredService<IIdentityProvider>(), s.GetRequiredService<PersonVerifications>(), s.GetRequiredService<TimeProvider>(),
            s.GetRequiredService<ILogger<EnterpriseRegistry>>()));
        services.AddScoped<PartyCertificates>();
        services.AddScoped<PersonalSigner>();
        services.AddScoped<PersonalSignatureUnlock>();

        // Effects: the identity activities' outbox kinds, performed for the instance's owner.
        services.AddSingleton<IEffectHandler, IdentityEffects>();
        return services;
    }
}
