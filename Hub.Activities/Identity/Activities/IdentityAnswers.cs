using System.Text.Json;
using Hub.Activities.Identity.Verification;

namespace Hub.Activities.Identity.Activities;

/// <summary>
/// What an identity activity is resumed with (read back by <see cref="IdentityResume"/>): status and ids, never
/// personal data, because the payload lands in the instance's variables and journal.
/// </summary>
public static class IdentityAnswers
{
    /// <summary>What a node waiting with <paramref name="signal"/> is told when <paramref name="verification"/> concluded:
    /// <c>{status, authenticationId}</c> for a fresh authentication, <c>{status, verificationId, level}</c> for an
    /// enterprise; a reason when it did not succeed.</summary>
    public static JsonElement Concluded(string signal, IdentityVerification verification) => signal == RequireFreshAuthenticationActivity.Signal
        ? JsonSerializer.SerializeToElement(new { status = verification.Status.ToString(), authenticationId = verification.Id, reason = verification.Reason })
        : Answer(verification.Status.ToString(), verification.Id,
            verification.Status == VerificationStatus.Verified ? AssuranceLevel.Substantial.ToString() : null, verification.Reason);

    /// <summary><c>{status, verificationId, level, reason}</c>.</summary>
    internal static JsonElement Answer(string status, Guid? verificationId = null, string? level = null, string? reason = null) =>
        JsonSerializer.SerializeToElement(new { status, verificationId, level, reason });

    /// <summary><c>{status: "Pending", <paramref name="idName"/>: id}</c>: the node waits for a signal.</summary>
    internal static JsonElement Pending(string idName, Guid id, string? method = null) => method is null
        ? JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["status"] = "Pending", [idName] = id })
        : JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["status"] = "Pending", [idName] = id, ["method"] = method });
}
