using Hub.Activities.Identity.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class PartyCertificateConfiguration : IEntityTypeConfiguration<PartyCertificate>
{
    public void Configure(EntityTypeBuilder<PartyCertificate> builder)
    {
        builder.ToTable("certificates");
        builder.HasKey(c => c.SerialNumber);
        builder.Property(c => c.SerialNumber).HasColumnName("serial_number").HasMaxLength(40);
        builder.Property(c => c.SubjectKind).HasColumnName("subject_kind").HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.SubjectId).HasColumnName("subject_id");
        builder.Property(c => c.OrganisationId).HasColumnName("organisation_id");
        builder.Property(c => c.Pseudonym).HasColumnName("pseudonym").HasMaxLength(40);
        builder.Property(c => c.Subject).HasColumnName("subject").HasMaxLength(400);
        builder.Property(c => c.KeyId).HasColumnName("key_id").HasMaxLength(100);
        builder.Property(c => c.IssuedAt).HasColumnName("issued_at");
        builder.Property(c => c.NotAfter).HasColumnName("not_after");
    }
}
