using Hub.Activities.Identity.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class VerificationConfiguration : IEntityTypeConfiguration<IdentityVerification>
{
    public void Configure(EntityTypeBuilder<IdentityVerification> builder)
    {
        builder.ToTable("verifications");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(v => v.SubjectKind).HasColumnName("subject_kind").HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.SubjectId).HasColumnName("subject_id");
        builder.Property(v => v.OrganisationId).HasColumnName("organisation_id");
        builder.Property(v => v.Method).HasColumnName("method").HasConversion<string>().HasMaxLength(24);
        builder.Property(v => v.Provider).HasColumnName("provider").HasMaxLength(64);
        builder.Property(v => v.Purpose).HasColumnName("purpose").HasMaxLength(120);
        builder.Property(v => v.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Level).HasColumnName("level").HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Reason).HasColumnName("reason").HasMaxLength(500);
        builder.Property(v => v.ProviderReference).HasColumnName("provider_reference").HasMaxLength(100);
        builder.Property(v => v.Attempts).HasColumnName("attempts");
        builder.Property<byte[]?>("Challenge").HasColumnName("challenge");
        builder.Property(v => v.StartedAt).HasColumnName("started_at");
        builder.Property(v => v.ChallengeExpiresAt).HasColumnName("challenge_expires_at");
        builder.Property(v => v.CompletedAt).HasColumnName("completed_at");
        builder.Property(v => v.ExpiresAt).HasColumnName("expires_at");
        builder.Property(v => v.ConsumedAt).HasColumnName("consumed_at");
        // PostgreSQL's xmin as the row version: two answers checked at once (a parallel brute force, a fresh
        // authentication consumed twice) cannot both be saved, so every wrong answer counts against the limit.
        builder.Property<uint>("RowVersion").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
    }
}
