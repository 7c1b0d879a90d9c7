using Hub.Activities.Identity.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("persons");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(p => p.OrganisationId).HasColumnName("organisation_id");
        builder.Property(p => p.UserId).HasColumnName("user_id");
        builder.Property(p => p.Pseudonym).HasColumnName("pseudonym").HasMaxLength(32);
        builder.Property(p => p.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Level).HasColumnName("level").HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.VerifiedUntil).HasColumnName("verified_until");
        builder.Property(p => p.MaskedName).HasColumnName("masked_name").HasMaxLength(64);
        builder.Property(p => p.MaskedIdNumber).HasColumnName("masked_id_number").HasMaxLength(18);
        builder.Property(p => p.MaskedMobile).HasColumnName("masked_mobile").HasMaxLength(11);
        builder.Property(p => p.NameCipher).HasColumnName("name_cipher");
        builder.Property(p => p.IdNumberCipher).HasColumnName("id_number_cipher");
        builder.Property(p => p.MobileCipher).HasColumnName("mobile_cipher");
        builder.Property(p => p.IdNumberLookup).HasColumnName("id_number_lookup");
        builder.Property(p => p.MobileLookup).HasColumnName("mobile_lookup");
        builder.Property(p => p.WrappedDataKey).HasColumnName("wrapped_data_key");
        builder.Property(p => p.KeyVersion).HasColumnName("key_version");
        builder.Property(p => p.CreatedAt).HasColumnName("created_at");
        builder.Property(p => p.ErasedAt).HasColumnName("erased_at");
        builder.HasIndex(p => p.Pseudonym).IsUnique();
    }
}
