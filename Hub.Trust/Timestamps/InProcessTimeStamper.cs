using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Hub.Trust.Timestamps;

/// <summary>
/// Time-stamps with a <see cref="TimestampAuthority"/> in the same process, for a Hub node that seals with its own TSA:
/// no network hop, whatever address the node listens on. The exchange is still a real RFC 3161 one: a DER
/// TimeStampReq with a fresh nonce goes to <see cref="TimestampAuthority.RespondAsync"/>, and its TimeStampResp passes
/// the same checks as <see cref="TimestampClient"/> applies to an external TSA's answer (status, imprint, nonce, the
/// authority's policy, TSA certificate and signature). A refusal is a <see cref="TimestampException"/>.
/// </summary>
public sealed class InProcessTimeStamper : ITimeStamper
{
    private readonly TimestampAuthority _authority;
    private readonly HashAlgorithmName _hashAlgorithm;
    private readonly string _name;

    /// <summary>Creates the stamper over <paramref name="authority"/>, which it does not own.</summary>
    /// <param name="authority">The TSA that answers.</param>
    /// <param name="hashAlgorithm">The imprint algorithm of <see cref="TimestampDataAsync"/>: SHA-256 (the default), SHA-384 or SHA-512.</param>
    /// <exception cref="ArgumentException"><paramref name="hashAlgorithm"/> is not SHA-256, SHA-384 or SHA-512.</exception>
    public InProcessTimeStamper(TimestampAuthority authority, HashAlgorithmName? hashAlgorithm = null)
    {
        _authority = authority ?? throw new ArgumentNullException(nameof(authority));
        _hashAlgorithm = hashAlgorithm ?? HashAlgorithmName.SHA256;
        TimestampHashes.Oid(_hashAlgorithm);
        _name = $"'{authority.Subject}' (in process)";
    }

    /// <inheritdoc/>
    /// <remarks>The imprint algorithm is the one given to the constructor, SHA-256 by default.</remarks>
    public Task<Rfc3161TimestampToken> TimestampDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        TimestampHashAsync(CryptographicOperations.HashData(_hashAlgorithm, data.Span), _hashAlgorithm, cancellationToken);

    /// <inheritdoc/>
    public async Task<Rfc3161TimestampToken> TimestampHashAsync(ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        var exchange = new TimeStampExchange(_name, hash, hashAlgorithm, _authority.PolicyOid);
        return exchange.Accept(await _authority.RespondAsync(exchange.Request, cancellationToken).ConfigureAwait(false));
    }
}
