using Hub.Activities.Identifiers;

namespace Hub.Activities.Identity.Enterprises;

/// <summary>
/// An enterprise to be verified (issue 5 item 3): name and USCC matched against the business register with its
/// legal representative, who must be a verified person and must authorise the enterprise's administrator by a
/// fresh authentication of their own. Enterprise data is not personal data, so it is stored in clear.
/// </summary>
public sealed class Enterprise
{
    /// <summary>The purpose prefix of the legal representative's authorisation of the administrator.</summary>
    public const string AuthorisationPurposePrefix = "authorise-administrator:";

    private Enterprise()
    {
        Name = string.Empty;
        CreditCode = string.Empty;
    }

    internal Enterprise(Guid organisationId, string name, UnifiedSocialCreditCode creditCode, Guid legalRepresentativeId,
        Guid administratorUserId, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        OrganisationId = organisationId;
        Name = name;
        CreditCode = creditCode.Value;
        LegalRepresentativeId = legalRepresentativeId;
        AdministratorUserId = administratorUserId;
        Status = EnterpriseStatus.Unverified;
        CreatedAt = now;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The organisation whose subtree may see it.</summary>
    public Guid OrganisationId { get; private set; }

    /// <summary>Registered name.</summary>
    public string Name { get; private set; }

    /// <summary>Unified social credit code.</summary>
    public string CreditCode { get; private set; }

    /// <summary>The legal representative, a person in the identity store.</summary>
    public Guid LegalRepresentativeId { get; private set; }

    /// <summary>The Hub user who administers the enterprise's signing on its behalf.</summary>
    public Guid AdministratorUserId { get; private set; }

    /// <summary>State.</summary>
    public EnterpriseStatus Status { get; private set; }

    /// <summary>The legal representative's authorisation (a verification record), once given.</summary>
    public Guid? AuthorisationId { get; private set; }

    /// <summary>Until when the verification counts.</summary>
    public DateTimeOffset? VerifiedUntil { get; private set; }

    /// <summary>When registered.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The purpose string of this enterprise's administrator authorisation.</summary>
    public string AuthorisationPurpose => AuthorisationPurposePrefix + Id.ToString("N") + ":" + AdministratorUserId.ToString("N");

    internal void RegisterMatched()
    {
        if (Status == EnterpriseStatus.Verified)
        {
            throw new IdentityException(IdentityFailure.WrongState, $"Enterprise {Id} is verified already.");
        }

        Status = EnterpriseStatus.AwaitingAuthorisation;
    }

    internal void Authorised(Guid authorisationId, DateTimeOffset until)
    {
        if (Status != EnterpriseStatus.AwaitingAuthorisation)
        {
            throw new IdentityException(IdentityFailure.WrongState, $"Enterprise {Id} is {Status}; the register must match before the legal representative authorises.");
        }

        Status = EnterpriseStatus.Verified;
        AuthorisationId = authorisationId;
        VerifiedUntil = until;
    }
}
