namespace Hub.Trust.Signing;

/// <summary>The PAdES baseline level a seal is made at (ETSI EN 319 142-1 §6).</summary>
public enum PadesLevel
{
    /// <summary>B-B: the CAdES signature alone, claimed time in <c>/M</c>.</summary>
    BaselineB,

    /// <summary>B-T: adds a signature-time-stamp unsigned attribute over the signature value.</summary>
    BaselineT,

    /// <summary>B-LT: B-T plus a DSS update holding the certificate chains and CRLs.</summary>
    BaselineLT,

    /// <summary>B-LTA: B-LT plus a document time-stamp over the DSS.</summary>
    BaselineLTA,
}
