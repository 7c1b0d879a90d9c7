using System.Text.RegularExpressions;
using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Server.Api.Validation;

namespace Hub.Server.Api.Seals;

/// <summary>Registers a seal: electronic (a certificate is issued by the Hub CA unless <see cref="IssueCertificate"/> is
/// false, e.g. to import one from a licensed CA next) or physical (a device kept somewhere).</summary>
internal sealed record RegisterSealRequest(Guid? OrganisationId, SealType? Type, SealMedium? Medium, string? Name, Guid[]? Custodians,
    string? DeviceId, string? Location, Guid? PersonId, bool? IssueCertificate) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        errors.Required("type", Type);
        errors.Required("medium", Medium);
        if (Name is not null)
        {
            errors.Required("name", Name, 200);
        }

        if (Medium == SealMedium.Physical)
        {
            errors.Required("deviceId", DeviceId, 100);
            if (Location is not null)
            {
                errors.Required("location", Location, 200);
            }

            if (IssueCertificate == true)
            {
                errors.Add("issueCertificate", "A physical seal has no certificate.");
            }
        }
        else if (DeviceId is not null || Location is not null)
        {
            errors.Add("deviceId", "Only a physical seal has a device id and a location.");
        }

        if ((Type == SealType.Personal) != (PersonId is not null))
        {
            errors.Add("personId", "A personal seal names its person, and only a personal seal does.");
        }

        if (Custodians is { Length: > 20 })
        {
            errors.Add("custodians", "At most 20 custodians.");
        }
    }
}

/// <summary>Why a seal is frozen, thawed or revoked (kept in the seal and the evidence chain).</summary>
internal sealed record SealStatusRequest(string? Reason) : IValidatedRequest
{
    public void Validate(RequestErrors errors) => errors.Required("reason", Reason, 500);
}

/// <summary>Binds a certificate: with <see cref="Pkcs12"/> (base64) and its password, one from a licensed CA; without, one
/// the Hub CA issues for the seal's entity.</summary>
internal sealed record SealCertificateRequest(string? Pkcs12, string? Password) : IValidatedRequest
{
    /// <summary>Largest PKCS#12 accepted, in bytes (a key, a certificate and a chain take a few kilobytes).</summary>
    public const int MaxBytes = 64 * 1024;

    public byte[]? Bytes { get; private set; }

    public void Validate(RequestErrors errors)
    {
        if (Pkcs12 is null)
        {
            if (Password is not null)
            {
                errors.Add("password", "A password belongs with a PKCS#12.");
            }

            return;
        }

        try
        {
            Bytes = Convert.FromBase64String(Pkcs12);
        }
        catch (FormatException)
        {
            errors.Add("pkcs12", "'pkcs12' must be base64.");
            return;
        }

        if (Bytes.Length is 0 or > MaxBytes)
        {
            errors.Add("pkcs12", $"'pkcs12' must be 1 to {MaxBytes} bytes.");
        }

        if (Password is null)
        {
            errors.Add("password", "'password' is required with a PKCS#12.");
        }
    }
}

/// <summary>Records a physical stamp: who stamped (default the caller), on which paper document, under which grant.</summary>
internal sealed record PhysicalUseRequest(Guid? PersonId, string? DocumentReference, Guid? GrantId, string? Category, decimal? Amount,
    string? Currency, string? Counterparty, string? Note, DateTimeOffset? UsedAt) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("documentReference", DocumentReference, 200);
        SealRequestRules.Category(errors, "category", Category);
        SealRequestRules.Money(errors, "amount", Amount, Currency);
        if (Counterparty is not null)
        {
            errors.Required("counterparty", Counterparty, 200);
        }

        if (Note is not null)
        {
            errors.Required("note", Note, 1000);
        }
    }
}

/// <summary>Makes a standing grant (印章授权).</summary>
internal sealed record CreateSealGrantRequest(Guid? SealId, GranteeKind? GranteeKind, string? Grantee, string[]? Categories, decimal? AmountLimit,
    string? Currency, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, int? MaxUses, string? RequiredDefinitionId, bool? AllowsUnattended)
    : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("sealId", SealId);
        errors.Required("granteeKind", GranteeKind);
        if (errors.Required("grantee", Grantee, 100))
        {
            var fits = GranteeKind switch
            {
                Activities.Seals.GranteeKind.Role => Enum.TryParse<Role>(Grantee, ignoreCase: false, out var role) && Enum.IsDefined(role),
                null => true,
                _ => Guid.TryParse(Grantee, out _),
            };
            if (!fits)
            {
                errors.Add("grantee", GranteeKind == Activities.Seals.GranteeKind.Role
                    ? $"'grantee' must be a role: {string.Join(", ", Enum.GetNames<Role>())}."
                    : "'grantee' must be a user id (Person) or an organisation id (Department).");
            }
        }

        foreach (var category in Categories ?? [])
        {
            SealRequestRules.Category(errors, "categories", category);
        }

        SealRequestRules.Money(errors, "amountLimit", AmountLimit, Currency);
        if (ValidUntil is { } until && until <= (ValidFrom ?? DateTimeOffset.MinValue))
        {
            errors.Add("validUntil", "'validUntil' must be after 'validFrom'.");
        }

        if (MaxUses is < 1)
        {
            errors.Add("maxUses", "'maxUses' must be at least 1 (leave it out for no limit).");
        }

        if (RequiredDefinitionId is not null)
        {
            errors.Required("requiredDefinitionId", RequiredDefinitionId, 200);
        }
    }
}

/// <summary>Field rules shared by the seal requests.</summary>
internal static partial class SealRequestRules
{
    public static void Category(RequestErrors errors, string field, string? category)
    {
        if (errors.Required(field, category, 64) && !CategoryName().IsMatch(category!))
        {
            errors.Add(field, $"'{category}' is not a category name (lower-case letters, digits and '-', e.g. procurement-contract).");
        }
    }

    public static void Money(RequestErrors errors, string field, decimal? amount, string? currency)
    {
        if (amount is < 0 or > 999_999_999_999_999_999m)
        {
            errors.Add(field, "The amount must be between 0 and 999,999,999,999,999,999.");
        }

        if (amount is { } value && decimal.Round(value, 2) != value)
        {
            errors.Add(field, "The amount has at most two decimals.");
        }

        if (currency is not null && !CurrencyCode().IsMatch(currency))
        {
            errors.Add("currency", "'currency' must be an ISO 4217 code such as CNY.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex CategoryName();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
