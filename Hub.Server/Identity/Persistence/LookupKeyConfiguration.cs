using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class LookupKeyConfiguration : IEntityTypeConfiguration<LookupKeyRecord>
{
    public void Configure(EntityTypeBuilder<LookupKeyRecord> builder)
    {
        builder.ToTable("lookup_keys");
        builder.HasKey(k => k.Version);
        builder.Property(k => k.Version).HasColumnName("version").ValueGeneratedNever();
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
        builder.Property(k => k.RetiredAt).HasColumnName("retired_at");
    }
}
