using Hub.Activities.Organisations;
using Hub.Server.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Hub.Server.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(k => k.KeyId).HasColumnName("key_id").HasMaxLength(32);
        builder.Property(k => k.OrganisationId).HasColumnName("organisation_id");
        builder.Property(k => k.Name).HasColumnName("name").HasMaxLength(100);
        builder.Property(k => k.ProtectedSecret).HasColumnName("protected_secret");
        // Roles as a text[] of names, so the column reads clearly in psql.
        builder.Property(k => k.Roles).HasColumnName("roles")
            .HasConversion(new ValueConverter<Role[], string[]>(
                roles => roles.Select(r => r.ToString()).ToArray(),
                names => names.Select(Enum.Parse<Role>).ToArray()),
                new ValueComparer<Role[]>(
                    (a, b) => a!.SequenceEqual(b!),
                    roles => roles.Aggregate(0, (hash, role) => HashCode.Combine(hash, role)),
                    roles => roles.ToArray()))
            .HasColumnType("text[]");
        builder.Property(k => k.CreatedBy).HasColumnName("created_by");
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
        builder.Property(k => k.RevokedAt).HasColumnName("revoked_at");
        builder.Ignore(k => k.IsRevoked);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(k => k.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
