using System.Text.Json;
using Hub.Server.Workflows.Stores;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>An instance as the API shows it; the applicant named beside their id.</summary>
internal sealed record InstanceResponse(Guid Id, string DefinitionId, int DefinitionVersion, string DefinitionHash, Guid OrganisationId,
    Guid? ApplicantId, string? CorrelationKey, string Status, int Version, JsonElement Variables, JsonElement? Fault,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, PersonResponse? Applicant = null)
{
    public static InstanceResponse From(InstanceStore.Summary i, IReadOnlyDictionary<Guid, PersonNames.Person> people) => new(i.Id, i.DefinitionId,
        i.DefinitionVersion, i.DefinitionHash, i.OrganisationId, i.ApplicantId, i.CorrelationKey, i.Status.ToString(), i.Version, i.Variables, i.Fault,
        i.CreatedAt, i.UpdatedAt, i.ApplicantId is { } a ? PersonResponse.Of(a, people) : null);

    /// <summary>The instances as answers, their applicants' names read in one query.</summary>
    public static async Task<List<InstanceResponse>> FromAsync(NpgsqlDataSource db, IReadOnlyList<InstanceStore.Summary> instances,
        CancellationToken cancellationToken)
    {
        var people = await PersonNames.ReadAsync(db, instances.Select(i => i.ApplicantId).OfType<Guid>(), cancellationToken);
        return [.. instances.Select(i => From(i, people))];
    }
}

/// <summary>One journal row: a node execution or an act on a task or instance.</summary>
internal sealed record JournalResponse(long Id, string? NodeId, string? ActivityType, string Event, int Iteration, int Attempt,
    string[] Outcomes, string? Actor, JsonElement? Inputs, string? Message, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

/// <summary>A human task; its candidates and assignee named beside their ids.</summary>
internal sealed record TaskResponse(Guid Id, Guid InstanceId, Guid OrganisationId, string NodeId, string Title, string Status,
    Guid[] CandidateIds, Guid? AssigneeId, DateTimeOffset? DueAt, bool Escalated, string? Decision, string? Comment, DateTimeOffset CreatedAt,
    IReadOnlyList<PersonResponse> Candidates, PersonResponse? Assignee);

/// <summary>An incident: an exhausted retry or delivery waiting for an operator.</summary>
internal sealed record IncidentResponse(Guid Id, Guid InstanceId, string Kind, string? NodeId, string ErrorType, string Message,
    int Attempt, string Status, DateTimeOffset CreatedAt);

/// <summary>Where an act left the instance.</summary>
internal sealed record ActResponse(Guid InstanceId, string Status);

/// <summary>What a signal reached.</summary>
internal sealed record SignalResponse(IReadOnlyList<Guid> DeliveredTo, Guid? BufferedId);

/// <summary>A notification in the caller's inbox.</summary>
internal sealed record NotificationResponse(Guid Id, string Kind, string Subject, Guid? TaskId, Guid? InstanceId, DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt);
