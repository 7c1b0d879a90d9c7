using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class SigningKeyUseConfiguration : IEntityTypeConfiguration<SigningKeyUse>
{
    public void Configure(EntityTypeBuilder<SigningKeyUse> builder)
    {
        builder.ToTable("signing_key_uses");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(u => u.PersonId).HasColumnName("person_id");
        builder.Property(u => u.CertificateSerial).HasColumnName("certificate_serial").HasMaxLength(40);
        builder.Property(u => u.DocumentSha256).HasColumnName("document_sha256");
        builder.Property(u => u.AuthenticationId).HasColumnName("authentication_id");
        builder.Property(u => u.Method).HasColumnName("method").HasConversion<string>().HasMaxLength(24);
        builder.Property(u => u.CallerId).HasColumnName("caller_id");
        builder.Property(u => u.UsedAt).HasColumnName("used_at");
        builder.HasIndex(u => u.AuthenticationId).IsUnique();
        builder.HasOne<Person>().WithMany().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PartyCertificate>().WithMany().HasForeignKey(u => u.CertificateSerial).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IdentityVerification>().WithMany().HasForeignKey(u => u.AuthenticationId).OnDelete(DeleteBehavior.Restrict);
    }
}
