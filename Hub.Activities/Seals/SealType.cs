namespace Hub.Activities.Seals;

/// <summary>The kinds of seal a legal entity (or a person) holds (DESIGN.md §5).</summary>
public enum SealType
{
    /// <summary>Official company seal (公章).</summary>
    Official,

    /// <summary>Contract seal (合同专用章).</summary>
    Contract,

    /// <summary>Finance seal (财务专用章).</summary>
    Finance,

    /// <summary>Invoice seal (发票专用章).</summary>
    Invoice,

    /// <summary>Legal representative's name seal (法定代表人名章).</summary>
    LegalRepresentative,

    /// <summary>A person's own signature seal.</summary>
    Personal,
}

/// <summary>The words for a <see cref="SealType"/> in the two languages the Hub speaks.</summary>
public static class SealTypeNames
{
    /// <summary>The Chinese name, e.g. 财务专用章.</summary>
    public static string Chinese(this SealType type) => type switch
    {
        SealType.Official => "公章",
        SealType.Contract => "合同专用章",
        SealType.Finance => "财务专用章",
        SealType.Invoice => "发票专用章",
        SealType.LegalRepresentative => "法定代表人名章",
        SealType.Personal => "个人签名章",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown seal type."),
    };

    /// <summary>The English name, e.g. finance seal.</summary>
    public static string English(this SealType type) => type switch
    {
        SealType.Official => "official seal",
        SealType.Contract => "contract seal",
        SealType.Finance => "finance seal",
        SealType.Invoice => "invoice seal",
        SealType.LegalRepresentative => "legal representative seal",
        SealType.Personal => "personal signature",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown seal type."),
    };
}
