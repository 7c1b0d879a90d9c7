using Microsoft.Extensions.Logging;

namespace Hub.Activities;

/// <summary>
/// The domain's log events. Identity uses 5000–5099 (the ids it had in the host, so dashboards keep working); events
/// name records by id, pseudonym and masked forms only, never personal data.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Person {PersonId} registered ({MaskedIdNumber}, {MaskedMobile})")]
    public static partial void PersonRegistered(ILogger logger, Guid personId, string maskedIdNumber, string maskedMobile);

    [LoggerMessage(5001, LogLevel.Information, "Person {PersonId} changed details and is unverified again")]
    public static partial void PersonReset(ILogger logger, Guid personId);

    [LoggerMessage(5002, LogLevel.Information, "Verification {VerificationId} ({Method} by {Provider}) of {SubjectKind} {SubjectId}: {Status}")]
    public static partial void VerificationRecorded(ILogger logger, Guid verificationId, string method, string provider, string subjectKind, Guid subjectId, string status);

    [LoggerMessage(5003, LogLevel.Warning, "Verification {VerificationId} failed at the provider: {Reason}")]
    public static partial void VerificationProviderFailed(ILogger logger, Guid verificationId, string reason);

    [LoggerMessage(5004, LogLevel.Information, "Certificate {SerialNumber} issued to {SubjectKind} {SubjectId} as {Pseudonym}")]
    public static partial void PartyCertificateIssued(ILogger logger, string serialNumber, string subjectKind, Guid subjectId, string pseudonym);

    [LoggerMessage(5005, LogLevel.Information, "Personal signing key of person {PersonId} (certificate {SerialNumber}) used after authentication {AuthenticationId}")]
    public static partial void SigningKeyUsed(ILogger logger, Guid personId, string serialNumber, Guid authenticationId);

    [LoggerMessage(5006, LogLevel.Warning, "Person {PersonId} erased: data key shredded")]
    public static partial void PersonErased(ILogger logger, Guid personId);

    [LoggerMessage(5008, LogLevel.Information, "Enterprise {EnterpriseId} ({CreditCode}) is {Status}")]
    public static partial void EnterpriseStatusChanged(ILogger logger, Guid enterpriseId, string creditCode, string status);

    [LoggerMessage(5010, LogLevel.Warning, "Identity request {IdempotencyKey} ({Kind}) refused: {Reason}")]
    public static partial void IdentityRequestRefused(ILogger logger, string idempotencyKey, string kind, string reason);

    [LoggerMessage(5011, LogLevel.Warning, "Certificate {SerialNumber} of erased person {PersonId} revoked (cessationOfOperation)")]
    public static partial void PersonCertificateRevoked(ILogger logger, Guid personId, string serialNumber);
}
