namespace Hub.Activities.Identity.Providers;

/// <summary>A provider's answer: the result and its opaque reference (request or credential id), never personal data.</summary>
internal sealed record ProviderVerdict(ProviderResult Result, string? Reference);
