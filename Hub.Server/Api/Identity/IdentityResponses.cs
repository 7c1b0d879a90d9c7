using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;

namespace Hub.Server.Api.Identity;

/// <summary>A person as the API shows them: masked forms only.</summary>
internal sealed record PersonResponse(Guid Id, Guid OrganisationId, Guid? UserId, string Pseudonym, PersonStatus Status,
    AssuranceLevel? Level, DateTimeOffset? VerifiedUntil, string Name, string IdNumber, string Mobile,
    IReadOnlyList<VerificationResponse> Verifications, IReadOnlyList<CertificateResponse> Certificates)
{
    public static PersonResponse From(Person p, IReadOnlyList<IdentityVerification> verifications, IReadOnlyList<PartyCertificate> certificates) =>
        new(p.Id, p.OrganisationId, p.UserId, p.Pseudonym, p.Status, p.Level, p.VerifiedUntil, p.MaskedName, p.MaskedIdNumber,
            p.MaskedMobile, [.. verifications.Select(VerificationResponse.From)], [.. certificates.Select(CertificateResponse.From)]);
}

/// <summary>A verification: method, provider, level, times, outcome, and what the person must answer while pending.</summary>
internal sealed record VerificationResponse(Guid Id, SubjectKind SubjectKind, Guid SubjectId, VerificationMethod Method, string Provider,
    string Purpose, VerificationStatus Status, AssuranceLevel? Level, string? Reason, string? ProviderReference, int AttemptsLeft,
    DateTimeOffset StartedAt, DateTimeOffset ChallengeExpiresAt, DateTimeOffset? CompletedAt, DateTimeOffset? ExpiresAt,
    string? ToBeSigned)
{
    public static VerificationResponse From(IdentityVerification v) =>
        new(v.Id, v.SubjectKind, v.SubjectId, v.Method, v.Provider, v.Purpose, v.Status, v.Level, v.Reason,
            v.Method == VerificationMethod.SmsCode ? null : v.ProviderReference,
            IdentityVerification.MaxAttempts - v.Attempts, v.StartedAt, v.ChallengeExpiresAt, v.CompletedAt, v.ExpiresAt,
            v.ToBeSigned() is { } tbs ? Convert.ToBase64String(tbs) : null);
}

/// <summary>A certificate the Hub issued to a verified party. <c>KeyHolder</c> is <c>hub</c> when the Hub's key store holds
/// the key (it signs after a fresh authentication), <c>person</c> when the person holds it on their own UKey.</summary>
internal sealed record CertificateResponse(string SerialNumber, string Subject, string Pseudonym, DateTimeOffset IssuedAt,
    DateTimeOffset NotAfter, string KeyHolder, string? Pem = null)
{
    public static CertificateResponse From(PartyCertificate c) =>
        new(c.SerialNumber, c.Subject, c.Pseudonym, c.IssuedAt, c.NotAfter, c.KeyId is null ? "person" : "hub");
}

/// <summary>An enterprise and its verifications.</summary>
internal sealed record EnterpriseResponse(Guid Id, Guid OrganisationId, string Name, string CreditCode, Guid LegalRepresentativeId,
    Guid AdministratorUserId, EnterpriseStatus Status, Guid? AuthorisationId, DateTimeOffset? VerifiedUntil,
    IReadOnlyList<VerificationResponse> Verifications)
{
    public static EnterpriseResponse From(Enterprise e, IReadOnlyList<IdentityVerification> verifications) =>
        new(e.Id, e.OrganisationId, e.Name, e.CreditCode, e.LegalRepresentativeId, e.AdministratorUserId, e.Status,
            e.AuthorisationId, e.VerifiedUntil, [.. verifications.Select(VerificationResponse.From)]);
}

/// <summary>The answer of an identifier check.</summary>
internal sealed record IdentifierCheckResponse(bool Valid, string? Masked, string? Problem, DateOnly? BirthDate = null);

/// <summary>A personal signature and the logged key use.</summary>
internal sealed record PersonalSignatureResponse(string Signature, string CertificateSerial, Guid KeyUseId, DateTimeOffset UsedAt);

/// <summary>An enterprise verification: the register check and the legal representative's pending authorisation.</summary>
internal sealed record EnterpriseVerificationResponse(VerificationResponse Register, VerificationResponse? Authorisation);
