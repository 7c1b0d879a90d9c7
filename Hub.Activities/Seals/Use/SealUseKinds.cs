namespace Hub.Activities.Seals.Use;

/// <summary>The outbox kinds of the seal activities, performed by the host's seal-use effect handler.</summary>
public static class SealUseKinds
{
    /// <summary>Decide a seal-use request against the seal, its standing grants and the group policy; on allow, issue a
    /// single-use grant. Payload: sealType, category, documentId, amount, currency, counterparty, unattended, emergency,
    /// confirmedBy, validForSeconds.</summary>
    public const string Authorise = "seals.authorise";

    /// <summary>Consume a single-use grant and seal the document with the seal's key, an approval statement embedded.
    /// Payload: grantId, documentId, placement, keyword, page, x, y, level, fileName, reason.</summary>
    public const string Apply = "seals.apply";

    /// <summary>Consume a single-use grant for a physical seal and record the stamping. Payload: grantId, documentId,
    /// stampedBy, note.</summary>
    public const string PhysicalUse = "seals.physical-use";

    /// <summary>Consume a person's fresh authentication for the document and add their personal signature (PAdES B-T,
    /// Hub-held key, name seal) as an incremental revision. Payload: documentId, personId, authenticationId, keyword,
    /// page, reason.</summary>
    public const string PersonalSignature = "seals.personal-signature";
}
