namespace Hub.Activities.Identity.Verification;

/// <summary>What a verification is for, as recorded in <see cref="IdentityVerification.Purpose"/>: a plain identity
/// check, or a fresh authentication bound to one document signature or one key enrolment.</summary>
public static class VerificationPurposes
{
    /// <summary>A plain identity verification.</summary>
    public const string Identity = PersonVerifier.VerificationPurpose;

    /// <summary>A fresh authentication before signing the document with this SHA-256.</summary>
    public static string Signing(ReadOnlySpan<byte> documentSha256) => PersonVerifier.SigningPurpose(documentSha256);

    /// <summary>A fresh authentication before the Hub certifies the key of the certification request with this SHA-256.</summary>
    public static string Enrolment(ReadOnlySpan<byte> certificationRequestSha256) => PersonVerifier.EnrolmentPurpose(certificationRequestSha256);
}
