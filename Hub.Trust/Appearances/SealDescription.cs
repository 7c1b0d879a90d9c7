namespace Hub.Trust.Appearances;

/// <summary>What a generated seal shows: its kind, the organisation and the lettering that kind carries.</summary>
public sealed class SealDescription
{
    /// <summary>Describes a seal of <paramref name="kind"/> for <paramref name="organisationName"/>.</summary>
    /// <param name="kind">The seal kind, which fixes shape, standard size and layout.</param>
    /// <param name="organisationName">
    /// The registered name laid on the upper arc (the taxpayer name for an invoice seal). Not drawn on a
    /// legal-representative or personal seal, which shows <see cref="SealName"/> only; may be empty there.
    /// </param>
    public SealDescription(SealKind kind, string organisationName)
    {
        ArgumentNullException.ThrowIfNull(organisationName);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown seal kind.");
        }

        Kind = kind;
        OrganisationName = organisationName;
    }

    /// <summary>The seal kind.</summary>
    public SealKind Kind { get; }

    /// <summary>The organisation's name as registered.</summary>
    public string OrganisationName { get; }

    /// <summary>
    /// The horizontal lettering below the star or number. Unset: nothing for an official seal, "合同专用章",
    /// "财务专用章" or "发票专用章" for the others. For a legal-representative or personal seal this is the person's name (2 to 4
    /// characters; "之印" or "印" is added to fill four places) and must be set.
    /// </summary>
    public string? SealName { get; init; }

    /// <summary>
    /// Round seals: the 13-digit seal code issued by the public security registration, on the lower arc. Invoice seals:
    /// the sequence number (1 to 3 digits) drawn as "(n)" at the bottom when an organisation holds several. Unset: none.
    /// </summary>
    public string? Code { get; init; }

    /// <summary>Invoice seals only, and required there: the taxpayer identification number (15 to 20 digits or capitals, usually the 18-character unified social credit code).</summary>
    public string? TaxpayerNumber { get; init; }

    /// <summary>
    /// Overrides the standard width in millimetres (diameter, side or long axis), 10 to 100; everything scales with it.
    /// Unset: the standard size of the kind.
    /// </summary>
    public double? SizeMillimetres { get; init; }
}
