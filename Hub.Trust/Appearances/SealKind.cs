namespace Hub.Trust.Appearances;

/// <summary>The kinds of Chinese seal the Hub draws (company seals and personal name seals); each has a standard shape and size (docs/seal-appearances.md).</summary>
public enum SealKind
{
    /// <summary>Official company seal (公章): round, 42 mm, five-pointed star, organisation name on the upper arc.</summary>
    Official,

    /// <summary>Contract seal (合同专用章): round, 40 mm, star, name on the arc, "合同专用章" below the star.</summary>
    Contract,

    /// <summary>Finance seal (财务专用章): round, 40 mm, star, name on the arc, "财务专用章" below the star.</summary>
    Finance,

    /// <summary>Invoice seal (发票专用章): oval 40 × 30 mm, taxpayer name on the arc, taxpayer number across the middle.</summary>
    Invoice,

    /// <summary>Legal representative's name seal (法定代表人名章): square, 18 mm, the name in two columns.</summary>
    LegalRepresentative,

    /// <summary>
    /// A person's own name seal (个人名章), the appearance of a personal signature: square, 18 mm, the name in two
    /// columns, drawn as the legal representative's seal is (same rules, "之印" or "印" added to fill four places).
    /// </summary>
    Personal,
}
