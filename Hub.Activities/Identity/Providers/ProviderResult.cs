namespace Hub.Activities.Identity.Providers;

/// <summary>What a provider said about the data it was asked to check.</summary>
internal enum ProviderResult
{
    /// <summary>The data matches the register (or the person authorised).</summary>
    Match,

    /// <summary>The data does not match.</summary>
    Mismatch,

    /// <summary>The document is invalid (cancelled, lost, reissued).</summary>
    InvalidDocument,

    /// <summary>The register records the person as deceased.</summary>
    Deceased,

    /// <summary>The enterprise is deregistered or its licence revoked.</summary>
    Deregistered,

    /// <summary>The person has not acted yet (network identity authorisation).</summary>
    Pending,

    /// <summary>The person declined (network identity authorisation).</summary>
    Declined,
}
