namespace Hub.Trust.Pki;

/// <summary>What an end-entity certificate is for; decides its extensions (see <see cref="CertificateAuthority"/>).</summary>
public enum CertificateKind
{
    /// <summary>An organisation's seal certificate (the key that applies an electronic company seal).</summary>
    Organisation,

    /// <summary>A natural person's signing certificate, issued after identity verification.</summary>
    Person,

    /// <summary>The certificate of the Hub's own RFC 3161 time-stamping authority.</summary>
    TimestampAuthority,
}
