using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Server.Workflows;
using Hub.Workflows.HumanTasks;

namespace Hub.Server.Evidence;

/// <summary>
/// The evidence act of a human-task decision (approve, reject, return): the instance, task, step, decision and decider.
/// The comment is free text a person typed, so only its SHA-256 is entered: the chain proves which comment was given
/// without keeping words that may name people.
/// </summary>
internal static class DecisionEvidence
{
    public static EvidenceAct Of(InstanceRecord instance, HumanTask task, string decision, string? comment, Guid decider) =>
        new(EvidenceKinds.Decision, instance.OrganisationPath, decider, "instance:" + instance.Id.ToString("D"),
            JsonSerializer.SerializeToElement(new
            {
                instanceId = instance.Id,
                taskId = task.Id,
                step = task.NodeId,
                decision,
                deciderId = decider,
                commentSha256 = comment is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(comment))),
            }));
}
