using Hub.Activities.Identity.Verification;

namespace Hub.Activities.Identity.Signing;

/// <summary>
/// The identity store's mapping from a certificate the Hub issued to the verified party it names only by
/// pseudonym: the certificate subject carries no ID number or name of a person, this row does the linking.
/// </summary>
public sealed class PartyCertificate
{
    private PartyCertificate()
    {
        SerialNumber = string.Empty;
        Pseudonym = string.Empty;
        Subject = string.Empty;
    }

    internal PartyCertificate(string serialNumber, SubjectKind subjectKind, Guid subjectId, Guid organisationId, string pseudonym,
        string subject, string? keyId, DateTimeOffset issuedAt, DateTimeOffset notAfter)
    {
        SerialNumber = serialNumber;
        SubjectKind = subjectKind;
        SubjectId = subjectId;
        OrganisationId = organisationId;
        Pseudonym = pseudonym;
        Subject = subject;
        KeyId = keyId;
        IssuedAt = issuedAt;
        NotAfter = notAfter;
    }

    /// <summary>Certificate serial number, upper-case hex.</summary>
    public string SerialNumber { get; private set; }

    /// <summary>Person or enterprise.</summary>
    public SubjectKind SubjectKind { get; private set; }

    /// <summary>The person or enterprise id.</summary>
    public Guid SubjectId { get; private set; }

    /// <summary>The organisation whose subtree may see it.</summary>
    public Guid OrganisationId { get; private set; }

    /// <summary>The subject serialNumber in the certificate.</summary>
    public string Pseudonym { get; private set; }

    /// <summary>The certificate subject.</summary>
    public string Subject { get; private set; }

    /// <summary>The private key's id in the Hub's key store, or null when the party holds the key (a UKey).</summary>
    public string? KeyId { get; private set; }

    /// <summary>When issued.</summary>
    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>When it expires.</summary>
    public DateTimeOffset NotAfter { get; private set; }
}
