namespace Hub.Trust.Cms;

/// <summary>Object identifiers used when building CMS structures.</summary>
internal static class CmsOids
{
    /// <summary>id-aa-signingCertificateV2 (RFC 5035 §3).</summary>
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";

    /// <summary>id-aa-signingCertificate, the SHA-1 form (RFC 2634 §5.4).</summary>
    public const string SigningCertificate = "1.2.840.113549.1.9.16.2.12";

    /// <summary>id-ct-TSTInfo (RFC 3161 §2.4.2).</summary>
    public const string TstInfo = "1.2.840.113549.1.9.16.1.4";

    /// <summary>id-signedData (RFC 5652 §5.1).</summary>
    public const string SignedData = "1.2.840.113549.1.7.2";

    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
    public const string Md5 = "1.2.840.113549.2.5";
}
