using Hub.Activities.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Persistence.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("organisations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(o => o.ParentId).HasColumnName("parent_id");
        builder.Property(o => o.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(o => o.CreditCode).HasColumnName("credit_code").HasMaxLength(18);
        builder.Property(o => o.LegalRepresentative).HasColumnName("legal_representative").HasMaxLength(100);
        builder.Property(o => o.Path).HasColumnName("path").HasMaxLength(300);
        builder.Property(o => o.CreatedAt).HasColumnName("created_at");
        builder.Ignore(o => o.Depth);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => o.CreditCode).IsUnique();
        builder.HasIndex(o => o.Path).IsUnique();
    }
}
