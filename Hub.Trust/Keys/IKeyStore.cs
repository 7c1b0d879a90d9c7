using System.Security.Cryptography;

namespace Hub.Trust.Keys;

/// <summary>
/// Holds the private keys of the CA, the TSA and the seals. Signing goes through the store, so an implementation backed
/// by an HSM or a PKCS#11 token can keep every key inside the device; only <see cref="ExportPkcs8Async"/> moves a private
/// key out, and a hardware store refuses it.
/// </summary>
/// <remarks>Key ids are 1–100 characters of letters, digits, '.', '_' and '-', not starting with '.'.</remarks>
public interface IKeyStore
{
    /// <summary>Generates a new key pair inside the store.</summary>
    /// <exception cref="KeyStoreException">A key with this id exists already.</exception>
    Task<KeyDescriptor> CreateAsync(string keyId, KeyAlgorithm algorithm, CancellationToken cancellationToken);

    /// <summary>Stores an existing private key (an RSA or ECDSA key, e.g. from a PKCS#12 of an external CA).</summary>
    /// <exception cref="KeyStoreException">A key with this id exists already, or the key type is not supported.</exception>
    Task<KeyDescriptor> ImportAsync(string keyId, AsymmetricAlgorithm privateKey, CancellationToken cancellationToken);

    /// <summary>Returns the public description of a key, or <see langword="null"/> when the store has no key with this id.</summary>
    Task<KeyDescriptor?> FindAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>
    /// Signs a hash: RSA with PKCS#1 v1.5 padding, ECDSA as a DER SEQUENCE { r, s } (RFC 3279 §2.2.3), the forms X.509
    /// and CMS carry.
    /// </summary>
    Task<byte[]> SignHashAsync(string keyId, ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a key as an <see cref="RSA"/> or <see cref="ECDsa"/> object for APIs that sign through one
    /// (<see cref="System.Security.Cryptography.X509Certificates.X509SignatureGenerator"/>, <see cref="System.Security.Cryptography.Pkcs.CmsSigner"/>).
    /// A hardware store returns an object whose signing calls the device. The caller disposes it.
    /// </summary>
    Task<AsymmetricAlgorithm> OpenSigningKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Exports the private key as unencrypted PKCS#8. Only software stores allow it; the caller must protect the bytes.</summary>
    /// <exception cref="KeyStoreException">The store does not allow private keys to leave it.</exception>
    Task<byte[]> ExportPkcs8Async(string keyId, CancellationToken cancellationToken);
}
