using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Identity.Persistence;

/// <summary>
/// The identity store (schema <c>identity</c>). A context of its own rather than more sets on HubDbContext: business
/// code holding a HubDbContext cannot reach identity rows at all, and the schema can move to its own database role
/// without touching the business model. Created by migrations 0003 and 0005; SchemaTests proves model and schema agree.
/// </summary>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public const string Schema = "identity";

    public DbSet<Person> Persons => Set<Person>();

    public DbSet<Enterprise> Enterprises => Set<Enterprise>();

    public DbSet<IdentityVerification> Verifications => Set<IdentityVerification>();

    public DbSet<PartyCertificate> Certificates => Set<PartyCertificate>();

    public DbSet<SigningKeyUse> SigningKeyUses => Set<SigningKeyUse>();

    public DbSet<WrappingKeyRecord> WrappingKeys => Set<WrappingKeyRecord>();

    public DbSet<WorkflowWait> WorkflowWaits => Set<WorkflowWait>();

    public DbSet<LookupKeyRecord> LookupKeys => Set<LookupKeyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IdentityDbContext).Assembly,
            type => type.Namespace == typeof(IdentityDbContext).Namespace);
    }
}
