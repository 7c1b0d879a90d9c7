using System.Text.Json;
using Hub.Workflows.Activities;

namespace Hub.Activities.Identity.Activities;

/// <summary>
/// Reads what the host resumes an identity activity with: <c>{"status": "Verified"|"Refused"|"Failed"|…,
/// "verificationId": "…", "level": "…"}</c>. Anything else is a host bug and faults the node rather than guess.
/// </summary>
internal static class IdentityResume
{
    public static string Status(ActivityContext context)
    {
        if (context.ResumePayload is not { ValueKind: JsonValueKind.Object } payload ||
            !payload.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String)
        {
            throw new ActivityFaultException($"'{context.NodeId}' was resumed without a verification status", false, "invalid-resume");
        }

        context.SetOutput("verification", payload);
        return status.GetString()!;
    }

    public static string RequireGuid(string value, string input, ActivityContext context) =>
        Guid.TryParse(value, out var id)
            ? id.ToString()
            : throw new ActivityFaultException($"'{context.NodeId}': input '{input}' must be a UUID", false, "invalid-input");
}
