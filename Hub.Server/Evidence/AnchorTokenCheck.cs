using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pki;

namespace Hub.Server.Evidence;

/// <summary>
/// Checks an anchor's RFC 3161 token offline: it decodes as a TimeStampToken, its imprint is SHA-256 over the head it
/// names (<see cref="EvidenceHash.AnchorImprint"/>), its signature verifies and its signing-certificate attribute names
/// its signer (RFC 3161 §2.4.2, RFC 5816), that signer is a time-stamping certificate (critical id-kp-timeStamping,
/// §2.3) chaining to the Hub's root CA at the token's time, and the anchor's recorded time is the token's.
/// </summary>
internal sealed class AnchorTokenCheck(CertificateAuthorityChain? authority)
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    /// <summary>What is wrong with the anchor's token, or null when it is a valid time-stamp of its head.</summary>
    public string? Problem(EvidenceAnchor anchor)
    {
        if (authority is null)
        {
            return "the database holds no Hub CA to check its time-stamp against";
        }

        // The CMS signature first, so a token changed anywhere in its signed content or signature says so plainly.
        var cms = new SignedCms();
        try
        {
            cms.Decode(anchor.Token);
            if (cms.SignerInfos.Count != 1)
            {
                return $"its token has {cms.SignerInfos.Count} signers; a time-stamp token has one (RFC 3161 §2.4.2)";
            }

            cms.SignerInfos[0].CheckSignature(new X509Certificate2Collection(authority.Issuing), verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return "its token's signature does not verify (or it is no CMS SignedData)";
        }

        if (!Rfc3161TimestampToken.TryDecode(anchor.Token, out var token, out var consumed) || consumed != anchor.Token.Length)
        {
            return "its token is not an RFC 3161 time-stamp token";
        }

        var imprint = EvidenceHash.AnchorImprint(anchor.HeadSeq, anchor.HeadHash);
        var info = token.TokenInfo;
        if (info.HashAlgorithmId.Value != Sha256Oid || !info.GetMessageHash().Span.SequenceEqual(imprint))
        {
            return "its token time-stamps other data than this head";
        }

        var intermediates = new X509Certificate2Collection(authority.Issuing);
        if (!token.VerifySignatureForHash(imprint, HashAlgorithmName.SHA256, out var signer, intermediates) || signer is null)
        {
            return "its token's signature does not verify";
        }

        var eku = signer.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        if (eku is null || !eku.Critical || !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == TimeStampingEku))
        {
            return $"its token is signed by '{signer.Subject}', which is not a time-stamping authority";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority.Root);
        chain.ChainPolicy.ExtraStore.Add(authority.Issuing);
        // Offline: the Hub's CRLs are the CA's own business; a TSA certificate revoked later does not undo an old time-stamp.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = info.Timestamp.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(signer))
        {
            return $"its token's signer '{signer.Subject}' does not chain to the Hub's root CA at {info.Timestamp:u}";
        }

        return EvidenceHash.Truncate(info.Timestamp) == anchor.AnchoredAt
            ? null
            : $"it says it was anchored at {anchor.AnchoredAt:u}, but its token was signed at {info.Timestamp:u}";
    }
}
