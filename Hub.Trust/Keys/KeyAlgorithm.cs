namespace Hub.Trust.Keys;

/// <summary>The asymmetric key types the Hub creates and accepts.</summary>
public enum KeyAlgorithm
{
    /// <summary>RSA with a 2048-bit modulus.</summary>
    Rsa2048,

    /// <summary>RSA with a 3072-bit modulus (the NIST SP 800-57 choice for use beyond 2030).</summary>
    Rsa3072,

    /// <summary>RSA with a 4096-bit modulus.</summary>
    Rsa4096,

    /// <summary>ECDSA on NIST P-256 (secp256r1).</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384 (secp384r1).</summary>
    EcdsaP384,
}
