using Hub.Activities.Identity.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class WorkflowWaitConfiguration : IEntityTypeConfiguration<WorkflowWait>
{
    public void Configure(EntityTypeBuilder<WorkflowWait> builder)
    {
        builder.ToTable("workflow_waits");
        builder.HasKey(w => w.VerificationId);
        builder.Property(w => w.VerificationId).HasColumnName("verification_id").ValueGeneratedNever();
        builder.Property(w => w.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(400);
        builder.Property(w => w.OrganisationId).HasColumnName("organisation_id");
        builder.Property(w => w.SignalName).HasColumnName("signal_name").HasMaxLength(100);
        builder.Property(w => w.CorrelationKey).HasColumnName("correlation_key").HasMaxLength(400);
        builder.Property(w => w.CreatedAt).HasColumnName("created_at");
        builder.Property(w => w.SignalledAt).HasColumnName("signalled_at");
        builder.HasIndex(w => w.IdempotencyKey).IsUnique();
        builder.HasOne<IdentityVerification>().WithOne().HasForeignKey<WorkflowWait>(w => w.VerificationId).OnDelete(DeleteBehavior.Restrict);
    }
}
