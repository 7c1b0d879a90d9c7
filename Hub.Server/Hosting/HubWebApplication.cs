using System.Text.Json.Serialization;
using Hub.Activities.Organisations;
using Hub.Server.Api.ApiKeys;
using Hub.Server.Api.Auth;
using Hub.Server.Api.Organisations;
using Hub.Server.Api.Users;
using Hub.Server.Api.Workflows;
using Hub.Server.Authentication;
using Hub.Server.Authorisation;
using Hub.Server.Documents;
using Hub.Server.Hosting.Jobs;
using Hub.Server.Persistence;
using Hub.Server.Secrets;
using Hub.Server.Api.Seals;
using Hub.Server.Seals;
using Hub.Server.Seeding;
using Hub.Server.Trust;
using Hub.Server.Workflows;
using Hub.Server.Api.Trust;
using Hub.Server.Api.Identity;
using Hub.Server.Api.Documents;
using Hub.Server.Api.Templates;
using Hub.Server.Identity;
using Hub.Server.Api.Evidence;
using Hub.Server.Evidence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hub.Server.Hosting;

/// <summary>Builds a Hub node: its services (table of contents below) and its HTTP pipeline.</summary>
public static class HubWebApplication
{
    private const string ReadyTag = "ready";

    /// <summary>Creates the application; call <see cref="PrepareAsync"/> before running it.</summary>
    public static WebApplication Build(HubServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = options.DesignerRoot,
            Args = [],
        });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // Framework chatter stays out of the log; the Hub logs each request once itself (RequestLogging).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);

        // Data: one NpgsqlDataSource per node, EF Core over it, migrations applied at start.
        builder.Services.AddSingleton(_ =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString);
            // The same few statements run on every request (caller, session stamp, bursts): let PostgreSQL plan
            // them once per connection (bench/RESULTS.md, Workflows).
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            // No reset statement each time a pooled connection is taken again: it was a second statement per request
            // (bench/RESULTS.md, Workflows, run 3). The Hub leaves no session state behind: transactions are rolled back
            // on close regardless, the migrator releases its advisory lock itself, the work listener UNLISTENs.
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
            return dataSource.Build();
        });
        builder.Services.AddDbContext<HubDbContext>((services, db) =>
            db.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()).AddInterceptors(services.GetRequiredService<CallerCacheEviction>()));
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddScoped<DemoGroupSeeder>();
        builder.Services.AddScoped<ShippedFlowSeeder>();
        builder.Services.AddScoped<DemoEmployeeSeeder>();

        // Who is calling: session cookies for people, HMAC-signed requests for systems, one caller model for both.
        builder.Services.AddDataProtection().SetApplicationName("hub");
        var masterKey = MasterKey.Load(options.DataDirectory);
        builder.Services.AddSingleton(masterKey);

        // Trust: keys (wrapped under the master key), the CA's state and the platform certificates' designations in
        // the database, shared by every node; files of earlier Hubs imported at start.
        builder.Services.AddSingleton<DatabaseCertificateAuthorityStore>();
        builder.Services.AddHubEvidence(builder.Configuration);
        builder.Services.AddSingleton<TrustDesignations>();
        builder.Services.AddSingleton<CaStateFileImport>();
        builder.Services.AddSingleton<DataDirectoryImport>();
        builder.Services.AddSingleton(services => new HubTrust(
            DatabaseKeyRecords.KeyStore(services.GetRequiredService<NpgsqlDataSource>(), masterKey),
            services.GetRequiredService<DatabaseCertificateAuthorityStore>(), services.GetRequiredService<TrustDesignations>(),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(keys =>
            {
                keys.XmlRepository = new DatabaseXmlRepository(services.GetRequiredService<IServiceScopeFactory>());
                keys.XmlEncryptor = new MasterKeyXmlEncryptor(services.GetRequiredService<MasterKey>());
            }));
        builder.Services.AddAuthentication(HubAuthentication.Scheme)
            .AddPolicyScheme(HubAuthentication.Scheme, "Cookie or signed request", policy =>
                policy.ForwardDefaultSelector = HubAuthentication.SelectScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, SessionCookie.Configure)
            .AddScheme<AuthenticationSchemeOptions, HmacAuthenticationHandler>(HmacAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddScoped<CallerResolver>();
        // Callers and security stamps for a few seconds per node; writes through this node evict at once (CallerCache).
        builder.Services.AddSingleton(services => new CallerCache(services.GetRequiredService<TimeProvider>(),
            TimeSpan.FromSeconds(services.GetRequiredService<IConfiguration>().GetValue("Authentication:CallerCacheSeconds", 5.0))));
        builder.Services.AddSingleton<CallerCacheEviction>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<ApiKeySecrets>();

        // Workflows: durable bursts on PostgreSQL, human tasks, the due-work queue and the outbox relay.
        builder.Services.AddHubWorkflows(options.Workflows);

        // Recurring maintenance: Hangfire in the Hub's database, once per cluster, its dashboard at /jobs for HQ admins.
        builder.Services.AddHubJobs(options.ConnectionString);

        // Documents: the warm LibreOffice pool, the instances' documents, the encrypted archive, the relay's branch.
        builder.Services.AddHubDocuments(builder.Configuration);

        // Identity: real-name verification in schema identity, its key ring, the provider and the SMS channel.
        builder.Services.AddHubIdentity(builder.Configuration, options.DataDirectory);
        builder.Services.AddHubSeals();

        // API: JSON that refuses unknown fields, ProblemDetails for every error, OpenAPI, health.
        builder.Services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        builder.Services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemResponses.Complete);
        builder.Services.AddExceptionHandler<ProblemResponses>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);

        configure?.Invoke(builder);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    /// <summary>
    /// Migrates the schema (under an advisory lock; as the owner of <see cref="HubServerOptions.MigrationConnectionString"/>
    /// when given, which then grants the serving role its rights), imports the CA state file, keys, documents and archive
    /// an earlier Hub left in the data directory, declares the recurring maintenance jobs, and seeds the demo group when
    /// asked and empty.
    /// </summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var options = app.Services.GetRequiredService<HubServerOptions>();
        if (options.MigrationConnectionString is { } owner)
        {
            await using var ownerSource = NpgsqlDataSource.Create(owner);
            var runtimeRole = new NpgsqlConnectionStringBuilder(options.ConnectionString).Username
                ?? throw new InvalidOperationException("The serving connection string names no user; the runtime role cannot be granted.");
            await new SchemaMigrator(ownerSource, app.Services.GetRequiredService<ILogger<SchemaMigrator>>())
                .MigrateAsync(runtimeRole, cancellationToken);
        }
        else
        {
            await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(null, cancellationToken);
        }

        app.Services.GetRequiredService<MaintenanceSchedule>().Declare();
        await app.Services.GetRequiredService<CaStateFileImport>().ImportAsync(options.DataDirectory, cancellationToken);
        await app.Services.GetRequiredService<DataDirectoryImport>().ImportAsync(options.DataDirectory, cancellationToken);
        await app.Services.GetRequiredService<TemplateSeeder>().SeedAsync(cancellationToken);
        if (options.SeedDemo)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoGroupSeeder>().SeedIfEmptyAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DemoSealSeeder>().SeedAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DemoEmployeeSeeder>().SeedAsync(cancellationToken);
            await DemoPolicySeeder.SeedIfAbsentAsync(scope.ServiceProvider.GetRequiredService<HubDbContext>(), app.Services.GetRequiredService<TimeProvider>(), cancellationToken);
            await scope.ServiceProvider.GetRequiredService<ShippedFlowSeeder>().SeedAsync(cancellationToken);
        }
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLogging>();
        var designerBuilt = app.Services.GetRequiredService<HubServerOptions>().DesignerRoot is not null;
        if (designerBuilt)
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
        }

        // Route after static files: the designer's fallback route would otherwise claim its own /assets first.
        app.UseRouting();

        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json").Allow(AccessRule.Everyone("the API description is public"));
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "Hub API v1");
            ui.RoutePrefix = "docs";
            ui.DocumentTitle = "Hub API";
        });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .Allow(AccessRule.Everyone("load balancers probe without credentials"));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .Allow(AccessRule.Everyone("load balancers probe without credentials"));

        app.MapAuthEndpoints();
        app.MapOrganisationEndpoints();
        app.MapUserEndpoints();
        app.MapApiKeyEndpoints();
        app.MapTrustEndpoints();
        app.MapPdfVerifyEndpoints();
        app.MapWorkflowDefinitionEndpoints();
        app.MapWorkflowInstanceEndpoints();
        app.MapTaskEndpoints();
        app.MapNotificationEndpoints();
        app.MapIncidentEndpoints();
        app.MapIdentityEndpoints();
        app.MapEnterpriseEndpoints();
        app.MapSealEndpoints();
        Hub.Server.Api.Seals.PolicyEndpoints.MapSealPolicyEndpoints(app);
        app.MapEvidenceEndpoints();
        app.MapDocumentEndpoints();
        app.MapTemplateEndpoints();
        app.MapJobsDashboard();

        // Paths outside the API are the designer's client-side routes; unknown API routes stay 404 ProblemDetails.
        if (designerBuilt)
        {
            app.MapFallbackToFile("{*path:nonfile:regex(^(?!api/|openapi/|health/).*$)}", "index.html").Allow(AccessRule.Everyone("the designer's page loads before sign-in"));
        }
    }
}
