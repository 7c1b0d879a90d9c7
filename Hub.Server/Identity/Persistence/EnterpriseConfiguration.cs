using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> builder)
    {
        builder.ToTable("enterprises");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(e => e.OrganisationId).HasColumnName("organisation_id");
        builder.Property(e => e.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(e => e.CreditCode).HasColumnName("credit_code").HasMaxLength(18);
        builder.Property(e => e.LegalRepresentativeId).HasColumnName("legal_representative_id");
        builder.Property(e => e.AdministratorUserId).HasColumnName("administrator_user_id");
        builder.Property(e => e.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.AuthorisationId).HasColumnName("authorisation_id");
        builder.Property(e => e.VerifiedUntil).HasColumnName("verified_until");
        builder.Property(e => e.CreatedAt).HasColumnName("created_at");
        builder.Ignore(e => e.AuthorisationPurpose);
        builder.HasIndex(e => e.CreditCode).IsUnique();
        builder.HasOne<Person>().WithMany().HasForeignKey(e => e.LegalRepresentativeId).OnDelete(DeleteBehavior.Restrict);
    }
}
