using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Hub.Trust.Keys;
using Hub.Trust.Tests.Pki;

namespace Hub.Trust.Tests.Keys;

public sealed class SoftwareKeyStoreTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048)]
    [InlineData(KeyAlgorithm.Rsa3072)]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    public async Task SignHashAsync_CreatedKey_VerifiesWithDescribedPublicKey(KeyAlgorithm algorithm)
    {
        var store = NewStore();
        var created = await store.CreateAsync("seal-1", algorithm, CancellationToken.None);
        var found = await store.FindAsync("seal-1", CancellationToken.None);
        var hash = SHA256.HashData("contract v1"u8);

        var signature = await store.SignHashAsync("seal-1", hash, HashAlgorithmName.SHA256, CancellationToken.None);

        Assert.Equal(algorithm, found!.Algorithm);
        Assert.True(created.SubjectPublicKeyInfo.Span.SequenceEqual(found.SubjectPublicKeyInfo.Span));
        var publicKey = created.GetPublicKey();
        var valid = algorithm is KeyAlgorithm.EcdsaP256 or KeyAlgorithm.EcdsaP384
            ? publicKey.GetECDsaPublicKey()!.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence)
            : publicKey.GetRSAPublicKey()!.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(valid);
        Assert.False(publicKey.GetRSAPublicKey()?.VerifyHash(SHA256.HashData("contract v2"u8), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) ?? false);
    }

    [Fact]
    public async Task ExportPkcs8Async_ImportedKey_RoundTripsPrivateKey()
    {
        var store = NewStore();
        using var original = RSA.Create(2048);

        await store.ImportAsync("imported", original, CancellationToken.None);
        var exported = await store.ExportPkcs8Async("imported", CancellationToken.None);

        Assert.Equal(original.ExportPkcs8PrivateKey(), exported);
    }

    [Fact]
    public async Task CreateAsync_KeyFile_IsOwnerReadWriteOnlyAndHoldsNoPlaintextKey()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // POSIX file modes only.
        }

        var store = NewStore();
        await store.CreateAsync("k", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        var path = Path.Combine(_directory.File("keys"), "k.key");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory.File("keys")));
        var pkcs8 = await store.ExportPkcs8Async("k", CancellationToken.None);
        var file = await File.ReadAllBytesAsync(path);
        Assert.DoesNotContain(Convert.ToBase64String(pkcs8), System.Text.Encoding.UTF8.GetString(file));
        Assert.Empty(Directory.GetFiles(_directory.File("keys"), "*.tmp"));
    }

    [Fact]
    public async Task CreateAsync_ExistingId_ThrowsAlreadyExists()
    {
        var store = NewStore();
        await store.CreateAsync("dup", KeyAlgorithm.EcdsaP256, CancellationToken.None);

        var error = await Assert.ThrowsAsync<KeyStoreException>(() => store.CreateAsync("dup", KeyAlgorithm.EcdsaP256, CancellationToken.None));

        Assert.Equal("Key 'dup' already exists.", error.Message);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("a/b")]
    public async Task CreateAsync_UnsafeKeyId_Throws(string keyId)
    {
        var store = NewStore();

        var error = await Assert.ThrowsAsync<KeyStoreException>(() => store.CreateAsync(keyId, KeyAlgorithm.EcdsaP256, CancellationToken.None));

        Assert.StartsWith($"Key id '{keyId}' is invalid", error.Message);
    }

    [Fact]
    public async Task OpenSigningKeyAsync_TamperedCiphertext_ThrowsAltered()
    {
        var store = NewStore();
        await store.CreateAsync("k", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        var path = Path.Combine(_directory.File("keys"), "k.key");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var ciphertext = Convert.FromBase64String(json["Ciphertext"]!.GetValue<string>());
        ciphertext[10] ^= 0x01;
        json["Ciphertext"] = Convert.ToBase64String(ciphertext);
        await File.WriteAllTextAsync(path, json.ToJsonString());

        var error = await Assert.ThrowsAsync<KeyStoreException>(() => store.OpenSigningKeyAsync("k", CancellationToken.None));

        Assert.Equal("Key 'k' failed authentication (AES-GCM tag mismatch): the key file was altered.", error.Message);
    }

    [Fact]
    public async Task OpenSigningKeyAsync_FileRenamedToAnotherId_Throws()
    {
        var store = NewStore();
        await store.CreateAsync("cert-a", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        File.Move(Path.Combine(_directory.File("keys"), "cert-a.key"), Path.Combine(_directory.File("keys"), "cert-b.key"));

        var error = await Assert.ThrowsAsync<KeyStoreException>(() => store.OpenSigningKeyAsync("cert-b", CancellationToken.None));

        Assert.Equal("Key file of 'cert-b' holds key 'cert-a': the file was renamed or replaced.", error.Message);
    }

    [Fact]
    public async Task OpenSigningKeyAsync_WrongMasterKey_ThrowsWrongMasterKey()
    {
        await NewStore().CreateAsync("k", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        var other = NewStore(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var error = await Assert.ThrowsAsync<KeyStoreException>(() => other.OpenSigningKeyAsync("k", CancellationToken.None));

        Assert.Equal("Key 'k' cannot be decrypted: the configured master key '1' is not the one the key was wrapped with.", error.Message);
    }

    [Fact]
    public async Task RewrapAllAsync_RotatedMasterKey_KeysReadableWithNewKeyAlone()
    {
        var old = NewStore();
        await old.CreateAsync("a", KeyAlgorithm.EcdsaP256, CancellationToken.None);
        await old.CreateAsync("b", KeyAlgorithm.Rsa2048, CancellationToken.None);
        var before = await old.ExportPkcs8Async("b", CancellationToken.None);
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var rotating = new SoftwareKeyStore(new SoftwareKeyStoreOptions
        {
            Directory = _directory.File("keys"),
            MasterKey = newKey,
            MasterKeyId = "2",
            PreviousMasterKeys = { ["1"] = _masterKey },
        });

        var rewrapped = await rotating.RewrapAllAsync(CancellationToken.None);
        var again = await rotating.RewrapAllAsync(CancellationToken.None);

        Assert.Equal(2, rewrapped);
        Assert.Equal(0, again);
        var rotated = NewStore(newKey, "2");
        Assert.Equal(before, await rotated.ExportPkcs8Async("b", CancellationToken.None));
        var error = await Assert.ThrowsAsync<KeyStoreException>(() => old.ExportPkcs8Async("a", CancellationToken.None));
        Assert.Equal("Key 'a' is wrapped under master key '2', which is not configured; add it to KeyStore:PreviousMasterKeys.", error.Message);
    }

    [Fact]
    public async Task FindAsync_UnknownKey_ReturnsNullAndSigningThrows()
    {
        var store = NewStore();

        Assert.Null(await store.FindAsync("nothing", CancellationToken.None));
        var error = await Assert.ThrowsAsync<KeyStoreException>(
            () => store.SignHashAsync("nothing", new byte[32], HashAlgorithmName.SHA256, CancellationToken.None));
        Assert.Equal("Key 'nothing' does not exist.", error.Message);
    }

    [Theory]
    [InlineData("c2hvcnQ=", "Master key '1' has 5 bytes; AES-256-GCM needs exactly 32.")]
    [InlineData("not base64!", "Master key '1' is not valid base64.")]
    public void Ctor_BadMasterKey_ThrowsWithoutRevealingIt(string masterKey, string expected)
    {
        var error = Assert.Throws<KeyStoreException>(() => NewStore(masterKey));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void OptionsToString_NeverContainsMasterKey()
    {
        var options = new SoftwareKeyStoreOptions { Directory = "/k", MasterKey = _masterKey, PreviousMasterKeys = { ["0"] = _masterKey } };

        Assert.DoesNotContain(_masterKey, options.ToString());
        Assert.Contains("MasterKeyId=1", options.ToString());
    }

    private SoftwareKeyStore NewStore(string? masterKey = null, string masterKeyId = "1") => new(new SoftwareKeyStoreOptions
    {
        Directory = _directory.File("keys"),
        MasterKey = masterKey ?? _masterKey,
        MasterKeyId = masterKeyId,
    });
}
