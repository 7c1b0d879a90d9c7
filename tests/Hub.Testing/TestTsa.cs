using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Timestamps;

namespace Hub.Testing;

/// <summary>
/// A real RFC 3161 TSA for tests: Hub.Trust's <see cref="TimestampAuthority"/> on a TSA certificate and its key, and an
/// <see cref="InProcessTimeStamper"/> asking it, as a Hub node's local TSA answers. <see cref="LoopbackTsa"/> puts it on HTTP.
/// Made by <see cref="TestRootCa.IssueTsa"/>, or on a certificate another CA issued.
/// </summary>
public sealed class TestTsa : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    /// <param name="certificate">The TSA certificate (critical timeStamping EKU).</param>
    /// <param name="key">Its private key; disposed with this TSA.</param>
    /// <param name="intermediates">CA certificates between the TSA certificate and its root, sent with tokens.</param>
    public TestTsa(X509Certificate2 certificate, AsymmetricAlgorithm key, IEnumerable<X509Certificate2> intermediates, TimeProvider time, TimestampAuthorityOptions? options = null)
    {
        Certificate = certificate;
        _key = key;
        Authority = new TimestampAuthority(options ?? new TimestampAuthorityOptions(), certificate, key, intermediates, time);
        Stamper = new InProcessTimeStamper(Authority);
    }

    public X509Certificate2 Certificate { get; }

    public TimestampAuthority Authority { get; }

    /// <summary>Time-stamps in process (SHA-256 imprints).</summary>
    public ITimeStamper Stamper { get; }

    public void Dispose() => _key.Dispose();
}
