using System.Security.Cryptography;
using System.Text;
using Hub.Activities.Identity;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Protection;
using Hub.Server.Identity.Persistence;
using Hub.Server.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Identity;

/// <summary>
/// The identity key ring of this node: random 256-bit wrapping keys kept in <c>identity.wrapping_keys</c>, each
/// encrypted (AES-256-GCM) under the master key, so the database alone never decrypts anything; and a lookup key
/// derived from the master key with HKDF (RFC 5869) for the keyed hashes, versioned in <c>identity.lookup_keys</c>.
/// Rotation adds a wrapping key, re-wraps every person's data key and retires the old versions; lookup rotation adds a
/// lookup key version and recomputes every lookup hash, each in one transaction.
/// </summary>
internal sealed class IdentityKeys(IServiceScopeFactory scopes, MasterKey masterKey, TimeProvider time) : IIdentityKeys
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IdentityKeyRing? _ring;

    /// <summary>The ring, loaded (or its first key created) on first use.</summary>
    public async Task<IdentityKeyRing> RingAsync(CancellationToken cancellationToken) =>
        _ring ?? await LoadAsync(cancellationToken);

    /// <summary>The ring, reloaded when it cannot unwrap this person's key (another node rotated).</summary>
    public async Task<IdentityKeyRing> RingForAsync(Person person, CancellationToken cancellationToken)
    {
        var ring = await RingAsync(cancellationToken);
        return ring.Versions.Contains(person.KeyVersion) ? ring : await LoadAsync(cancellationToken);
    }

    /// <summary>Adds a wrapping key, re-wraps every data key with it and retires the rest; returns the persons re-wrapped.</summary>
    public async Task<int> RotateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var records = await db.WrappingKeys.FromSqlRaw("SELECT * FROM identity.wrapping_keys FOR UPDATE").ToListAsync(cancellationToken);
        var version = records.Count == 0 ? 1 : records.Max(r => r.Version) + 1;
        var key = RandomNumberGenerator.GetBytes(32);
        db.WrappingKeys.Add(new WrappingKeyRecord { Version = version, WrappedKey = Seal(key, version), CreatedAt = time.GetUtcNow() });
        var keys = records.Where(r => r.RetiredAt is null).ToDictionary(r => r.Version, r => Open(r.WrappedKey, r.Version));
        keys[version] = key;
        var ring = new IdentityKeyRing(keys, version, LookupKey(await LookupVersionAsync(db, cancellationToken)), await LookupVersionAsync(db, cancellationToken));
        var rewrapped = 0;
        foreach (var person in await db.Persons.Where(p => EF.Property<byte[]?>(p, PersonConfiguration.WrappedDataKey) != null).ToListAsync(cancellationToken))
        {
            rewrapped += person.Rewrap(ring) ? 1 : 0;
        }

        foreach (var record in records.Where(r => r.RetiredAt is null))
        {
            record.RetiredAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _ring = null;
        return rewrapped;
    }

    /// <summary>
    /// Adds a lookup key version and, in the same transaction, recomputes both lookup hashes of every person that is
    /// not erased (decrypted with their data key), then retires the old version: no hash of the old key remains.
    /// Returns the new version and the persons re-hashed.
    /// </summary>
    public async Task<(int Version, int Persons)> RotateLookupKeyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var records = await db.LookupKeys.FromSqlRaw("SELECT * FROM identity.lookup_keys FOR UPDATE").ToListAsync(cancellationToken);
        // Registrations and changes (which write lookups) wait for this lock, so none lands between the re-hash and the commit.
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE identity.persons IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        var now = time.GetUtcNow();
        if (records.Count == 0)
        {
            var implicitFirst = new LookupKeyRecord { Version = 1, CreatedAt = now };
            db.LookupKeys.Add(implicitFirst);
            records.Add(implicitFirst);
        }

        var version = records.Max(r => r.Version) + 1;
        foreach (var record in records.Where(r => r.RetiredAt is null))
        {
            record.RetiredAt = now;
        }

        db.LookupKeys.Add(new LookupKeyRecord { Version = version, CreatedAt = now });
        var current = await RingAsync(cancellationToken);
        var wrapping = await db.WrappingKeys.AsNoTracking().Where(r => r.RetiredAt == null).ToListAsync(cancellationToken);
        var ring = new IdentityKeyRing(wrapping.ToDictionary(r => r.Version, r => Open(r.WrappedKey, r.Version)),
            wrapping.Count == 0 ? current.CurrentVersion : wrapping.Max(r => r.Version), LookupKey(version), version);
        var persons = 0;
        foreach (var person in await db.Persons.Where(p => EF.Property<byte[]?>(p, PersonConfiguration.WrappedDataKey) != null).ToListAsync(cancellationToken))
        {
            persons += person.Relookup(ring) ? 1 : 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _ring = null;
        return (version, persons);
    }

    /// <summary>The ring for a lookup: reloaded when another node (or the CLI) rotated the lookup key since it was loaded,
    /// so a duplicate check never hashes with a retired key.</summary>
    public async Task<IdentityKeyRing> RingForLookupAsync(CancellationToken cancellationToken)
    {
        var ring = await RingAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var version = await LookupVersionAsync(scope.ServiceProvider.GetRequiredService<IdentityDbContext>(), cancellationToken);
        return ring.LookupVersion == version ? ring : await LoadAsync(cancellationToken);
    }

    private static async Task<int> LookupVersionAsync(IdentityDbContext db, CancellationToken cancellationToken) =>
        await db.LookupKeys.AsNoTracking().Where(k => k.RetiredAt == null).Select(k => (int?)k.Version).MaxAsync(cancellationToken) ?? 1;

    private async Task<IdentityKeyRing> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var records = await db.WrappingKeys.AsNoTracking().Where(r => r.RetiredAt == null).ToListAsync(cancellationToken);
            if (records.Count == 0)
            {
                // First use: the unique version 1 makes concurrent nodes agree on one key (the loser reloads).
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT INTO identity.wrapping_keys (version, wrapped_key, created_at) VALUES (1, {Seal(RandomNumberGenerator.GetBytes(32), 1)}, {time.GetUtcNow()}) ON CONFLICT DO NOTHING",
                    cancellationToken);
                records = await db.WrappingKeys.AsNoTracking().Where(r => r.RetiredAt == null).ToListAsync(cancellationToken);
            }

            var keys = records.ToDictionary(r => r.Version, r => Open(r.WrappedKey, r.Version));
            var lookupVersion = await LookupVersionAsync(db, cancellationToken);
            _ring = new IdentityKeyRing(keys, keys.Keys.Max(), LookupKey(lookupVersion), lookupVersion);
            return _ring;
        }
        finally
        {
            _gate.Release();
        }
    }

    private byte[] LookupKey(int version) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Bytes.ToArray(), 32, info: Encoding.ASCII.GetBytes($"hub/identity/lookup/v{version}"));

    private byte[] Seal(byte[] key, int version)
    {
        var output = new byte[12 + key.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(masterKey.Bytes, 16);
        aes.Encrypt(output.AsSpan(0, 12), key, output.AsSpan(12, key.Length), output.AsSpan(12 + key.Length), Label(version));
        return output;
    }

    private byte[] Open(byte[] wrapped, int version)
    {
        var key = new byte[wrapped.Length - 28];
        try
        {
            using var aes = new AesGcm(masterKey.Bytes, 16);
            aes.Decrypt(wrapped.AsSpan(0, 12), wrapped.AsSpan(12, key.Length), wrapped.AsSpan(12 + key.Length), key, Label(version));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new PersonalDataException($"Identity wrapping key version {version} does not open under this node's master key; the nodes must share HUB_MASTER_KEY.");
        }

        return key;
    }

    private static byte[] Label(int version) => Encoding.ASCII.GetBytes($"hub/identity/wrapping-key/v{version}");
}
