using Hub.Server.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Persistence.Configurations;

internal sealed class ApiRequestNonceConfiguration : IEntityTypeConfiguration<ApiRequestNonce>
{
    public void Configure(EntityTypeBuilder<ApiRequestNonce> builder)
    {
        builder.ToTable("api_request_nonces");
        builder.HasKey(n => new { n.KeyId, n.Nonce });
        builder.Property(n => n.KeyId).HasColumnName("key_id").HasMaxLength(32);
        builder.Property(n => n.Nonce).HasColumnName("nonce").HasMaxLength(64);
        builder.Property(n => n.SeenAt).HasColumnName("seen_at");
        builder.HasIndex(n => n.SeenAt);
    }
}
