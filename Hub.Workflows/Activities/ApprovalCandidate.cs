namespace Hub.Workflows.Activities;

/// <summary>Who may decide an approval task, as data the host resolves; the engine knows no organisations.</summary>
/// <param name="Kind"><c>user</c> (Value is a user id), <c>role</c> (Value is a role name, Scope an organisation
/// subtree id) or <c>position</c> (Value a relative position such as <c>department-head</c>, Scope whose: e.g.
/// <c>applicant</c>).</param>
/// <param name="Value">The user id, role name or position.</param>
/// <param name="Scope">The organisation subtree or the person the position is relative to; null when not needed.</param>
public sealed record ApprovalCandidate(string Kind, string Value, string? Scope = null);
