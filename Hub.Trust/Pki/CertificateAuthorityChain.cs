using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Pki;

/// <summary>The Hub's two CA certificates: the root (the trust anchor relying parties install) and the issuing CA under it.</summary>
public sealed record CertificateAuthorityChain(X509Certificate2 Root, X509Certificate2 Issuing);
