namespace Hub.Activities.Seals;

/// <summary>Whether a seal may be used. Only <see cref="Active"/> seals; a frozen seal can be thawed, a revoked one never.</summary>
public enum SealStatus
{
    /// <summary>In use.</summary>
    Active,

    /// <summary>Suspended (by its organisation or by any HQ above it), with a reason; can be thawed.</summary>
    Frozen,

    /// <summary>Withdrawn for good, with a reason.</summary>
    Revoked,
}

/// <summary>Whether a seal is an electronic one (a key and certificate) or a physical stamp kept by a custodian.</summary>
public enum SealMedium
{
    /// <summary>A signing key bound to a certificate, applied as a PAdES signature.</summary>
    Electronic,

    /// <summary>A physical stamp or stamping device; its uses are recorded in the same ledger.</summary>
    Physical,
}
