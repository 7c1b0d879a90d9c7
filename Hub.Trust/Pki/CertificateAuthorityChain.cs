using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Pki;

/// <summary>The Hub's two CA certificates: the root (the trust anchor relying parties install) and the issuing CA under it.</summary>
/// <param name="Root">The self-signed root CA certificate; give it to verifiers as their trust anchor.</param>
/// <param name="Issuing">The issuing CA certificate, which signs end-entity certificates; embed it in signatures as the chain.</param>
public sealed record CertificateAuthorityChain(X509Certificate2 Root, X509Certificate2 Issuing);
