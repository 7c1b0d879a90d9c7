namespace Hub.Activities.Identity.Verification;

/// <summary>Method-specific input when a verification starts.</summary>
/// <param name="ImageSha256">Face: SHA-256 (hex) of the captured image; the image itself is not kept.</param>
/// <param name="LivenessPassed">Face: whether the capture passed the liveness check.</param>
public sealed record VerificationStart(string? ImageSha256 = null, bool LivenessPassed = false);
