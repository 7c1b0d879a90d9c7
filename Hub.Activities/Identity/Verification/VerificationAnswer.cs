namespace Hub.Activities.Identity.Verification;

/// <summary>What a person sends to complete a pending verification.</summary>
/// <param name="Code">The SMS code.</param>
/// <param name="Signature">The UKey signature over the challenge (RSA PKCS#1 v1.5 or ECDSA, SHA-256; ECDSA as DER or r||s).</param>
/// <param name="Certificate">The signer's certificate, DER.</param>
public sealed record VerificationAnswer(string? Code = null, byte[]? Signature = null, byte[]? Certificate = null);
