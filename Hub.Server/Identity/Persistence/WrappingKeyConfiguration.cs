using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class WrappingKeyConfiguration : IEntityTypeConfiguration<WrappingKeyRecord>
{
    public void Configure(EntityTypeBuilder<WrappingKeyRecord> builder)
    {
        builder.ToTable("wrapping_keys");
        builder.HasKey(k => k.Version);
        builder.Property(k => k.Version).HasColumnName("version").ValueGeneratedNever();
        builder.Property(k => k.WrappedKey).HasColumnName("wrapped_key");
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
        builder.Property(k => k.RetiredAt).HasColumnName("retired_at");
    }
}
