using Hub.Activities.Organisations;
using Hub.Server.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Persistence;

/// <summary>
/// The Hub's business schema (<c>hub</c>). The schema itself is created by the versioned SQL migrations in
/// Migrations/; this model maps onto it, and a test proves the two agree.
/// </summary>
internal sealed class HubDbContext(DbContextOptions<HubDbContext> options) : DbContext(options)
{
    public const string Schema = "hub";

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<User> Users => Set<User>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<UserCredential> UserCredentials => Set<UserCredential>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<ApiRequestNonce> ApiRequestNonces => Set<ApiRequestNonce>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        // Identity configurations belong to IdentityDbContext (schema identity), never to the business model.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HubDbContext).Assembly,
            type => type.Namespace != typeof(Identity.Persistence.IdentityDbContext).Namespace);
    }
}
