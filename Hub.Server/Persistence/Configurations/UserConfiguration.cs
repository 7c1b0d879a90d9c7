using Hub.Activities.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(u => u.OrganisationId).HasColumnName("organisation_id");
        // citext-free case-insensitive uniqueness: the migration adds a unique index on lower(user_name).
        builder.Property(u => u.UserName).HasColumnName("user_name").HasMaxLength(64);
        builder.Property(u => u.DisplayName).HasColumnName("display_name").HasMaxLength(100);
        builder.Property(u => u.CreatedAt).HasColumnName("created_at");
        builder.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(u => u.Roles).WithOne().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(u => u.Roles).HasField("_roles").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
