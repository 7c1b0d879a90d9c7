using Hub.Activities.Organisations;
using Hub.Server.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Persistence.Configurations;

internal sealed class UserCredentialConfiguration : IEntityTypeConfiguration<UserCredential>
{
    public void Configure(EntityTypeBuilder<UserCredential> builder)
    {
        builder.ToTable("user_credentials");
        builder.HasKey(c => c.UserId);
        builder.Property(c => c.UserId).HasColumnName("user_id");
        builder.Property(c => c.PasswordHash).HasColumnName("password_hash").HasMaxLength(200);
        builder.Property(c => c.FailedSignIns).HasColumnName("failed_sign_ins");
        builder.Property(c => c.LockedUntil).HasColumnName("locked_until");
        builder.Property(c => c.SecurityStamp).HasColumnName("security_stamp");
        builder.HasOne<User>().WithOne().HasForeignKey<UserCredential>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
