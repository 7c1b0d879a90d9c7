using Hub.Activities.Identity.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hub.Server.Identity.Persistence;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    // Ciphertexts, keyed hashes and the wrapped data key stay inside the domain (internal members); EF maps them by name.
    public const string NameCipher = "NameCipher";
    public const string IdNumberCipher = "IdNumberCipher";
    public const string MobileCipher = "MobileCipher";
    public const string IdNumberLookup = "IdNumberLookup";
    public const string MobileLookup = "MobileLookup";
    public const string WrappedDataKey = "WrappedDataKey";

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
        builder.Property<byte[]?>(NameCipher).HasColumnName("name_cipher");
        builder.Property<byte[]?>(IdNumberCipher).HasColumnName("id_number_cipher");
        builder.Property<byte[]?>(MobileCipher).HasColumnName("mobile_cipher");
        builder.Property<byte[]?>(IdNumberLookup).HasColumnName("id_number_lookup");
        builder.Property<byte[]?>(MobileLookup).HasColumnName("mobile_lookup");
        builder.Property<byte[]?>(WrappedDataKey).HasColumnName("wrapped_data_key");
        builder.Property(p => p.KeyVersion).HasColumnName("key_version");
        builder.Property(p => p.CreatedAt).HasColumnName("created_at");
        builder.Property(p => p.ErasedAt).HasColumnName("erased_at");
        builder.HasIndex(p => p.Pseudonym).IsUnique();
    }
}
