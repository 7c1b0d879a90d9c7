using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Hub.Trust.Timestamps;

/// <summary>
/// Where a signer gets its RFC 3161 time-stamp tokens: an external TSA over HTTP (<see cref="TimestampClient"/>) or the
/// Hub's own authority in the same process (<see cref="InProcessTimeStamper"/>). Every implementation returns a token
/// only after checking the answer (status, imprint, nonce, policy, TSA certificate and signature), and throws
/// <see cref="TimestampException"/> otherwise: a time-stamp is never replaced by the local clock.
/// </summary>
public interface ITimeStamper
{
    /// <summary>Time-stamps <paramref name="data"/>: hashes it with the stamper's imprint algorithm and asks the TSA.</summary>
    /// <param name="data">The bytes to time-stamp, e.g. a CMS signature value (RFC 3161 Appendix A).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A token whose imprint is the hash of <paramref name="data"/>, verified as described on the interface.</returns>
    /// <exception cref="TimestampException">The TSA could not be reached, refused, or sent a token that fails verification.</exception>
    Task<Rfc3161TimestampToken> TimestampDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Time-stamps a hash computed by the caller, e.g. the digest of a PDF byte range for a document time-stamp.</summary>
    /// <param name="hash">The message imprint.</param>
    /// <param name="hashAlgorithm">The algorithm of <paramref name="hash"/>: SHA-256, SHA-384 or SHA-512.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A token whose imprint is <paramref name="hash"/>, verified as described on the interface.</returns>
    /// <exception cref="ArgumentException"><paramref name="hashAlgorithm"/> is not SHA-256, SHA-384 or SHA-512.</exception>
    /// <exception cref="TimestampException">The TSA could not be reached, refused, or sent a token that fails verification.</exception>
    Task<Rfc3161TimestampToken> TimestampHashAsync(ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken);
}
