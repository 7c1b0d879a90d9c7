using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Protection;
using Hub.Activities.Identity.Verification;
using System.Security.Cryptography;

namespace Hub.Activities.Identity.Persons;

/// <summary>
/// A natural person known to the identity store. Name, ID number and mobile are stored only encrypted under the
/// person's own data key (wrapped by the identity key ring), with keyed hashes for lookups and masked forms for
/// display. Erasure shreds the data key: the ciphertext stays but can never be read again.
/// </summary>
public sealed class Person
{
    internal const string NameField = "name";
    internal const string IdNumberField = "id_number";
    internal const string MobileField = "mobile";

    private Person()
    {
        Pseudonym = string.Empty;
        MaskedName = string.Empty;
        MaskedIdNumber = string.Empty;
        MaskedMobile = string.Empty;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The organisation that registered the person; access to the record follows its subtree.</summary>
    public Guid OrganisationId { get; private set; }

    /// <summary>The Hub user this person is, when they have an account.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>The pseudonymous serial put in certificate subjects instead of any personal data.</summary>
    public string Pseudonym { get; private set; }

    /// <summary>Verification state.</summary>
    public PersonStatus Status { get; private set; }

    /// <summary>The level of the best unexpired verification, when verified.</summary>
    public AssuranceLevel? Level { get; private set; }

    /// <summary>When the current verification expires.</summary>
    public DateTimeOffset? VerifiedUntil { get; private set; }

    /// <summary>Masked name (family name only).</summary>
    public string MaskedName { get; private set; }

    /// <summary>Masked ID number.</summary>
    public string MaskedIdNumber { get; private set; }

    /// <summary>Masked mobile.</summary>
    public string MaskedMobile { get; private set; }

    internal byte[]? NameCipher { get; private set; }

    internal byte[]? IdNumberCipher { get; private set; }

    internal byte[]? MobileCipher { get; private set; }

    internal byte[]? IdNumberLookup { get; private set; }

    internal byte[]? MobileLookup { get; private set; }

    internal byte[]? WrappedDataKey { get; private set; }

    /// <summary>The wrapping key version the data key is wrapped with (a ring that lacks it must be reloaded).</summary>
    public int KeyVersion { get; private set; }

    /// <summary>When registered.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When erased.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>Registers a person under a fresh data key.</summary>
    internal static Person Register(Guid organisationId, Guid? userId, PersonalDetails details, IdentityKeyRing keys,
        DateTimeOffset now)
    {
        var person = new Person
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            UserId = userId,
            Pseudonym = "P" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)),
            Status = PersonStatus.Unverified,
            CreatedAt = now,
        };
        var dataKey = IdentityKeyRing.NewDataKey();
        try
        {
            person.WrappedDataKey = keys.Wrap(dataKey, person.Id);
            person.KeyVersion = keys.CurrentVersion;
            person.Seal(details, dataKey, keys);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return person;
    }

    /// <summary>The keyed hash an ID number is looked up by.</summary>
    internal static byte[] IdNumberLookupOf(ResidentIdNumber number, IdentityKeyRing keys) => keys.Lookup(IdNumberField, number.Value);

    /// <summary>The keyed hash a mobile is looked up by.</summary>
    internal static byte[] MobileLookupOf(MobileNumber number, IdentityKeyRing keys) => keys.Lookup(MobileField, number.Value);

    /// <summary>Decrypts the person's details; only verification and signing code calls this.</summary>
    /// <exception cref="PersonalDataException">The person was erased, or the data does not authenticate.</exception>
    internal PersonalDetails Reveal(IdentityKeyRing keys)
    {
        var dataKey = DataKey(keys);
        try
        {
            var name = PersonalDataCipher.Decrypt(dataKey, Id, NameField, NameCipher);
            var id = PersonalDataCipher.Decrypt(dataKey, Id, IdNumberField, IdNumberCipher);
            var mobile = PersonalDataCipher.Decrypt(dataKey, Id, MobileField, MobileCipher);
            // Parsing with a far future "today": a stored number was valid when it was stored.
            _ = ResidentIdNumber.TryParse(id, DateOnly.MaxValue, out var idNumber, out _);
            _ = MobileNumber.TryParse(mobile, out var mobileNumber, out _);
            return new PersonalDetails(name, idNumber!, mobileNumber!);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Encrypts arbitrary per-person secret material (e.g. an OTP secret) under the person's data key.</summary>
    internal byte[] Protect(IdentityKeyRing keys, string field, string value)
    {
        var dataKey = DataKey(keys);
        try
        {
            return PersonalDataCipher.Encrypt(dataKey, Id, field, value);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Decrypts what <see cref="Protect"/> encrypted.</summary>
    internal string Unprotect(IdentityKeyRing keys, string field, byte[] value)
    {
        var dataKey = DataKey(keys);
        try
        {
            return PersonalDataCipher.Decrypt(dataKey, Id, field, value);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Replaces the details. A change of name, ID number or mobile resets a verified person to unverified, as the
    /// peer platforms do: the old verification proved other data. Returns whether anything changed.
    /// </summary>
    internal bool ChangeDetails(PersonalDetails details, IdentityKeyRing keys)
    {
        RequireNotErased();
        var current = Reveal(keys);
        if (current.Name == details.Name && current.IdNumber.Value == details.IdNumber.Value &&
            current.Mobile.Value == details.Mobile.Value)
        {
            return false;
        }

        var dataKey = DataKey(keys);
        try
        {
            Seal(details, dataKey, keys);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        Status = PersonStatus.Unverified;
        Level = null;
        VerifiedUntil = null;
        return true;
    }

    /// <summary>Records a successful verification; a better or longer one replaces the current state.</summary>
    internal void MarkVerified(AssuranceLevel level, DateTimeOffset until, DateTimeOffset now)
    {
        RequireNotErased();
        if (Status == PersonStatus.Verified && VerifiedUntil > now && Level > level)
        {
            return;
        }

        Status = PersonStatus.Verified;
        Level = level;
        VerifiedUntil = until;
    }

    /// <summary>Whether the person holds an unexpired verification at <paramref name="level"/> or above.</summary>
    public bool IsVerified(DateTimeOffset now, AssuranceLevel level = AssuranceLevel.Low) =>
        Status == PersonStatus.Verified && VerifiedUntil > now && Level >= level;

    /// <summary>Re-wraps the data key with the ring's current version (key rotation); false when already current.</summary>
    public bool Rewrap(IdentityKeyRing keys)
    {
        if (WrappedDataKey is null || KeyVersion == keys.CurrentVersion)
        {
            return false;
        }

        var dataKey = keys.Unwrap(WrappedDataKey, KeyVersion, Id);
        try
        {
            WrappedDataKey = keys.Wrap(dataKey, Id);
            KeyVersion = keys.CurrentVersion;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return true;
    }

    /// <summary>Recomputes the lookup hashes with the ring's lookup key (lookup key rotation): the details are decrypted
    /// with the person's data key and hashed again. False for an erased person, who has no lookups.</summary>
    public bool Relookup(IdentityKeyRing keys)
    {
        if (WrappedDataKey is null)
        {
            return false;
        }

        var details = Reveal(keys);
        IdNumberLookup = IdNumberLookupOf(details.IdNumber, keys);
        MobileLookup = MobileLookupOf(details.Mobile, keys);
        return true;
    }

    /// <summary>
    /// Crypto-shreds the person: the wrapped data key, the lookup hashes and the masked forms are removed, so nothing
    /// links the record to a real person any more. Certificates and signatures stay verifiable: they carry only the
    /// pseudonym.
    /// </summary>
    internal void Erase(DateTimeOffset now)
    {
        RequireNotErased();
        WrappedDataKey = null;
        IdNumberLookup = null;
        MobileLookup = null;
        MaskedName = "*";
        MaskedIdNumber = "*";
        MaskedMobile = "*";
        Status = PersonStatus.Erased;
        Level = null;
        VerifiedUntil = null;
        ErasedAt = now;
    }

    private void Seal(PersonalDetails details, byte[] dataKey, IdentityKeyRing keys)
    {
        NameCipher = PersonalDataCipher.Encrypt(dataKey, Id, NameField, details.Name);
        IdNumberCipher = PersonalDataCipher.Encrypt(dataKey, Id, IdNumberField, details.IdNumber.Value);
        MobileCipher = PersonalDataCipher.Encrypt(dataKey, Id, MobileField, details.Mobile.Value);
        IdNumberLookup = IdNumberLookupOf(details.IdNumber, keys);
        MobileLookup = MobileLookupOf(details.Mobile, keys);
        MaskedName = PersonalDataMask.Name(details.Name);
        MaskedIdNumber = details.IdNumber.Masked;
        MaskedMobile = details.Mobile.Masked;
    }

    private byte[] DataKey(IdentityKeyRing keys)
    {
        if (WrappedDataKey is null)
        {
            throw new PersonalDataException($"Person {Id} was erased; their personal data can no longer be decrypted.");
        }

        return keys.Unwrap(WrappedDataKey, KeyVersion, Id);
    }

    private void RequireNotErased()
    {
        if (Status == PersonStatus.Erased)
        {
            throw new IdentityException(IdentityFailure.WrongState, $"Person {Id} was erased; nothing can change them any more.");
        }
    }
}
