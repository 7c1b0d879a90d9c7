using System.Security.Cryptography;
using System.Text;
using Hub.Activities.Identity;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Protection;
using Hub.Activities.Identity.Verification;

namespace Hub.Activities.Tests.Identity;

/// <summary>Per-person data keys, field encryption, lookups, rotation and crypto-shredding.</summary>
public sealed class PersonalDataProtectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    internal static IdentityKeyRing Ring(int current = 1, params int[] versions)
    {
        var keys = (versions.Length == 0 ? [current] : versions).ToDictionary(v => v, v => SHA256.HashData(Encoding.ASCII.GetBytes("kek" + v)));
        return new IdentityKeyRing(keys, current, SHA256.HashData("lookup"u8));
    }

    internal static PersonalDetails Details(string id = "11010519491231002X", string mobile = "13812345678", string name = "张三")
    {
        Assert.True(ResidentIdNumber.TryParse(id, new DateOnly(2026, 1, 1), out var number, out _));
        Assert.True(MobileNumber.TryParse(mobile, out var phone, out _));
        return new PersonalDetails(name, number!, phone!);
    }

    [Fact]
    public void Register_StoresNoPlaintextAndRevealsTheDetails()
    {
        var ring = Ring();
        var person = Person.Register(Guid.NewGuid(), null, Details(), ring, Now);
        foreach (var stored in new[] { person.NameCipher!, person.IdNumberCipher!, person.MobileCipher!, person.WrappedDataKey! })
        {
            var text = Encoding.UTF8.GetString(stored);
            Assert.DoesNotContain("11010519491231002X", text, StringComparison.Ordinal);
            Assert.DoesNotContain("13812345678", text, StringComparison.Ordinal);
            Assert.DoesNotContain("张三", text, StringComparison.Ordinal);
        }

        Assert.Equal("1*************002X", person.MaskedIdNumber);
        Assert.Equal("138****5678", person.MaskedMobile);
        Assert.Equal("张*", person.MaskedName);
        var revealed = person.Reveal(ring);
        Assert.Equal("11010519491231002X", revealed.IdNumber.Value);
        Assert.Equal("13812345678", revealed.Mobile.Value);
        Assert.Equal("张三", revealed.Name);
    }

    [Fact]
    public void Encrypt_SameValueTwice_GivesDifferentCiphertexts()
    {
        var key = IdentityKeyRing.NewDataKey();
        var subject = Guid.NewGuid();
        Assert.NotEqual(PersonalDataCipher.Encrypt(key, subject, "mobile", "13812345678"),
            PersonalDataCipher.Encrypt(key, subject, "mobile", "13812345678"));
    }

    [Fact]
    public void Decrypt_ValueMovedToAnotherField_DoesNotAuthenticate()
    {
        var key = IdentityKeyRing.NewDataKey();
        var subject = Guid.NewGuid();
        var sealedValue = PersonalDataCipher.Encrypt(key, subject, "mobile", "13812345678");
        var error = Assert.Throws<PersonalDataException>(() => PersonalDataCipher.Decrypt(key, subject, "name", sealedValue));
        Assert.Equal($"The name of subject {subject} does not authenticate: altered, or moved from another row or field.", error.Message);
        sealedValue[^1] ^= 1;
        Assert.Throws<PersonalDataException>(() => PersonalDataCipher.Decrypt(key, subject, "mobile", sealedValue));
    }

    [Fact]
    public void Lookup_IsKeyedAndDeterministic()
    {
        var ring = Ring();
        var details = Details();
        Assert.Equal(Person.IdNumberLookupOf(details.IdNumber, ring), Person.IdNumberLookupOf(details.IdNumber, ring));
        Assert.NotEqual(Person.IdNumberLookupOf(details.IdNumber, ring), SHA256.HashData(Encoding.UTF8.GetBytes(details.IdNumber.Value)));
        var otherRing = new IdentityKeyRing(new Dictionary<int, byte[]> { [1] = new byte[32] }, 1, new byte[32]);
        Assert.NotEqual(Person.IdNumberLookupOf(details.IdNumber, ring), Person.IdNumberLookupOf(details.IdNumber, otherRing));
    }

    [Fact]
    public void Rewrap_NewKeyVersion_MovesTheDataKeyAndOldVersionCanBeRetired()
    {
        var ringV1 = Ring(1, 1);
        var person = Person.Register(Guid.NewGuid(), null, Details(), ringV1, Now);
        var ringV1And2 = Ring(2, 1, 2);
        Assert.True(person.Rewrap(ringV1And2));
        Assert.False(person.Rewrap(ringV1And2));
        Assert.Equal(2, person.KeyVersion);
        var ringV2Only = Ring(2, 2);
        Assert.Equal("张三", person.Reveal(ringV2Only).Name);
        var error = Assert.Throws<PersonalDataException>(() => person.Reveal(ringV1));
        Assert.Equal($"The data key of subject {person.Id} is wrapped with key version 2, which this node does not hold.", error.Message);
    }

    [Fact]
    public void ChangeDetails_VerifiedPersonNewMobile_ResetsToUnverified()
    {
        var ring = Ring();
        var person = Person.Register(Guid.NewGuid(), null, Details(), ring, Now);
        person.MarkVerified(AssuranceLevel.Substantial, Now.AddYears(1), Now);
        Assert.True(person.IsVerified(Now, AssuranceLevel.Substantial));
        Assert.False(person.ChangeDetails(Details(), ring));
        Assert.True(person.IsVerified(Now));
        Assert.True(person.ChangeDetails(Details(mobile: "13900001111"), ring));
        Assert.Equal(PersonStatus.Unverified, person.Status);
        Assert.False(person.IsVerified(Now));
        Assert.Equal("139****1111", person.MaskedMobile);
    }

    [Fact]
    public void Erase_ShredsTheKeySoNothingDecryptsAndLookupsAreGone()
    {
        var ring = Ring();
        var person = Person.Register(Guid.NewGuid(), null, Details(), ring, Now);
        var cipher = person.IdNumberCipher;
        person.Erase(Now);
        Assert.Equal(PersonStatus.Erased, person.Status);
        Assert.Null(person.WrappedDataKey);
        Assert.Null(person.IdNumberLookup);
        Assert.Equal("*", person.MaskedIdNumber);
        Assert.Same(cipher, person.IdNumberCipher);
        var error = Assert.Throws<PersonalDataException>(() => person.Reveal(ring));
        Assert.Equal($"Person {person.Id} was erased; their personal data can no longer be decrypted.", error.Message);
        var again = Assert.Throws<IdentityException>(() => person.Erase(Now));
        Assert.Equal(IdentityFailure.WrongState, again.Failure);
        Assert.Equal($"Person {person.Id} was erased; nothing can change them any more.", again.Message);
    }

    [Fact]
    public void Unwrap_KeyOfAnotherSubject_IsRefused()
    {
        var ring = Ring();
        var wrapped = ring.Wrap(IdentityKeyRing.NewDataKey(), Guid.NewGuid());
        var other = Guid.NewGuid();
        Assert.Equal($"The wrapped data key of subject {other} does not authenticate: altered, or wrapped for another subject.",
            Assert.Throws<PersonalDataException>(() => ring.Unwrap(wrapped, 1, other)).Message);
    }
}
