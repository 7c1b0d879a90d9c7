using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Verification;
using Hub.Server.Api.Validation;

namespace Hub.Server.Api.Identity;

/// <summary>Checks a resident ID number (body, never the URL: paths are logged).</summary>
internal sealed record CheckIdRequest(string? Number) : IValidatedRequest
{
    public void Validate(RequestErrors errors) => errors.Required("number", Number, 100);
}

/// <summary>Checks a unified social credit code.</summary>
internal sealed record CheckCreditCodeRequest(string? Code) : IValidatedRequest
{
    public void Validate(RequestErrors errors) => errors.Required("code", Code, 100);
}

/// <summary>The three elements of a person, checked before anything is stored or sent.</summary>
internal sealed record PersonDetailsRequest(string? Name, string? IdNumber, string? Mobile) : IValidatedRequest
{
    public void Validate(RequestErrors errors) => PersonRequestChecks.Details(errors, Name, IdNumber, Mobile);
}

/// <summary>Registers a person for an organisation, optionally linked to a Hub user.</summary>
internal sealed record RegisterPersonRequest(Guid? OrganisationId, Guid? UserId, string? Name, string? IdNumber, string? Mobile)
    : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        PersonRequestChecks.Details(errors, Name, IdNumber, Mobile);
    }
}

/// <summary>Starts a verification; <c>documentSha256</c> makes it a fresh authentication for one signature.</summary>
internal sealed record StartVerificationRequest(VerificationMethod? Method, string? ImageSha256, bool? LivenessPassed,
    string? DocumentSha256, string? CertificationRequestSha256 = null) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        if (!errors.Required("method", Method))
        {
            return;
        }

        if (Method == VerificationMethod.EnterpriseRegister)
        {
            errors.Add("method", "EnterpriseRegister verifies enterprises: POST /api/identity/enterprises/{id}/verifications.");
        }

        if (Method == VerificationMethod.Face && !PersonRequestChecks.IsSha256Hex(ImageSha256))
        {
            errors.Add("imageSha256", "'imageSha256' must be the SHA-256 of the captured image, 64 hex digits.");
        }

        if (DocumentSha256 is not null && !PersonRequestChecks.IsSha256Hex(DocumentSha256))
        {
            errors.Add("documentSha256", "'documentSha256' must be 64 hex digits.");
        }

        if (DocumentSha256 is not null && Method is not (VerificationMethod.SmsCode or VerificationMethod.UKey))
        {
            errors.Add("method", "A fresh authentication for signing uses SmsCode or UKey.");
        }

        if (CertificationRequestSha256 is not null && !PersonRequestChecks.IsSha256Hex(CertificationRequestSha256))
        {
            errors.Add("certificationRequestSha256", "'certificationRequestSha256' must be 64 hex digits.");
        }

        if (CertificationRequestSha256 is not null && DocumentSha256 is not null)
        {
            errors.Add("certificationRequestSha256", "A fresh authentication is for one signature or one key enrolment, not both.");
        }

        if (CertificationRequestSha256 is not null && Method is not (VerificationMethod.SmsCode or VerificationMethod.UKey))
        {
            errors.Add("method", "A fresh authentication for a key enrolment uses SmsCode or UKey.");
        }
    }
}

/// <summary>Answers a pending verification: an SMS code, or a UKey signature with its certificate (base64).</summary>
internal sealed record CompleteVerificationRequest(string? Code, string? Signature, string? Certificate) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        if (Code is not null && (Code.Length != 6 || !Code.All(char.IsAsciiDigit)))
        {
            errors.Add("code", "'code' is the 6-digit code from the SMS.");
        }

        if ((Signature is null) != (Certificate is null))
        {
            errors.Add(Signature is null ? "signature" : "certificate", "A UKey answer needs both 'signature' and 'certificate' (base64).");
        }

        foreach (var (field, value) in new[] { ("signature", Signature), ("certificate", Certificate) })
        {
            if (value is not null && (value.Length > 20_000 || !Convert.TryFromBase64String(value, new byte[value.Length], out _)))
            {
                errors.Add(field, $"'{field}' must be base64 of at most 15,000 bytes.");
            }
        }
    }
}

/// <summary>Signs a document digest with the person's key after a fresh authentication.</summary>
internal sealed record PersonalSignatureRequest(string? DocumentSha256, Guid? AuthenticationId) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        if (!PersonRequestChecks.IsSha256Hex(DocumentSha256))
        {
            errors.Add("documentSha256", "'documentSha256' must be 64 hex digits.");
        }

        errors.Required("authenticationId", AuthenticationId);
    }
}

/// <summary>Registers an enterprise with its legal representative (a person) and administrator (a user).</summary>
internal sealed record RegisterEnterpriseRequest(Guid? OrganisationId, string? Name, string? CreditCode, Guid? LegalRepresentativeId,
    Guid? AdministratorUserId) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        errors.Required("name", Name, 200);
        if (!UnifiedSocialCreditCode.TryParse(CreditCode, out _, out var problem))
        {
            errors.Add("creditCode", problem!);
        }

        errors.Required("legalRepresentativeId", LegalRepresentativeId);
        errors.Required("administratorUserId", AdministratorUserId);
    }
}

/// <summary>
/// Issues a personal certificate. Without <c>certificationRequest</c> the Hub creates and holds the key; with one (a
/// PKCS#10 request, PEM or base64 DER, made on the person's UKey or in their browser) it certifies that key and never
/// sees the private key, after the person's fresh authentication for exactly that request (<c>authenticationId</c>).
/// </summary>
internal sealed record IssueCertificateRequest(string? CertificationRequest, Guid? AuthenticationId = null) : IValidatedRequest
{
    private const string PemLabel = "CERTIFICATE REQUEST";

    public void Validate(RequestErrors errors)
    {
        if (CertificationRequest is not null && Der() is null)
        {
            errors.Add("certificationRequest", "'certificationRequest' must be a PKCS#10 request: PEM, or base64 DER, of at most 16 KB.");
        }

        if (CertificationRequest is not null && AuthenticationId is null)
        {
            errors.Add("authenticationId",
                "'authenticationId' is required with a certificationRequest: a fresh authentication of the person (SmsCode or UKey) started with certificationRequestSha256, the SHA-256 of the request's DER.");
        }

        if (CertificationRequest is null && AuthenticationId is not null)
        {
            errors.Add("authenticationId", "'authenticationId' belongs to a certificationRequest; a key the Hub creates needs none.");
        }
    }

    /// <summary>The request's DER bytes, or null when absent or not PEM/base64 of a sane size.</summary>
    public byte[]? Der()
    {
        if (CertificationRequest is null || CertificationRequest.Length > 24 * 1024)
        {
            return null;
        }

        var text = CertificationRequest.Trim();
        if (text.StartsWith("-----", StringComparison.Ordinal))
        {
            return System.Security.Cryptography.PemEncoding.TryFind(text, out var fields) && text[fields.Label] == PemLabel
                ? Decode(text[fields.Base64Data])
                : null;
        }

        return Decode(text);
    }

    private static byte[]? Decode(ReadOnlySpan<char> base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64Chars(base64, buffer, out var written) && written is > 0 and <= 16 * 1024 ? buffer[..written] : null;
    }
}

/// <summary>Field checks shared by the person requests; messages never repeat the submitted value.</summary>
internal static class PersonRequestChecks
{
    public static void Details(RequestErrors errors, string? name, string? idNumber, string? mobile)
    {
        errors.Required("name", name, 64);
        if (!ResidentIdNumber.TryParse(idNumber, DateOnly.FromDateTime(DateTime.UtcNow), out _, out var idProblem))
        {
            errors.Add("idNumber", idProblem!);
        }

        if (!MobileNumber.TryParse(mobile, out _, out var mobileProblem))
        {
            errors.Add("mobile", mobileProblem!);
        }
    }

    public static bool IsSha256Hex(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigit);
}
