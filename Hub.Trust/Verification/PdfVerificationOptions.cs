using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Verification;

/// <summary>Configuration section <c>PdfVerification</c>: what <see cref="PdfSignatureVerifier"/> trusts.</summary>
public sealed class PdfVerificationOptions
{
    /// <summary>Trust anchors: a signer is trusted only when its chain ends at one of these. Unset: none, so nothing is trusted.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>DER CRLs to consult besides those embedded in the document's DSS. Unset: only embedded ones.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>The clock for signatures without a time-stamp (their time is "now"). Unset: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
