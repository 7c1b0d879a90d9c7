using System.Text.Json;
using Hub.Server.Workflows.Stores;

namespace Hub.Server.Api.Workflows;

/// <summary>A person as every workflow answer shows them: the id with the display name and organisation beside it.</summary>
internal sealed record PersonResponse(Guid Id, string DisplayName, OrganisationRef Organisation)
{
    public static PersonResponse From(PersonNames.Person person) =>
        new(person.Id, person.DisplayName, new OrganisationRef(person.OrganisationId, person.OrganisationName));

    /// <summary>The person for <paramref name="id"/>, or one named by the id alone when the user no longer exists.</summary>
    public static PersonResponse Of(Guid id, IReadOnlyDictionary<Guid, PersonNames.Person> people) =>
        people.TryGetValue(id, out var person) ? From(person) : new PersonResponse(id, id.ToString(), new OrganisationRef(Guid.Empty, ""));
}

/// <summary>An organisation named beside its id.</summary>
internal sealed record OrganisationRef(Guid Id, string Name);

/// <summary>
/// One task as the person deciding it needs to see it: what is asked (the request's input), who asked (the applicant),
/// what the instance has produced so far (documents, with the link the document API serves) and the decisions already
/// given in it, by name.
/// </summary>
internal sealed record TaskDetailResponse(Guid Id, string NodeId, string Title, string Status, OrganisationRef Organisation,
    IReadOnlyList<PersonResponse> Candidates, PersonResponse? Assignee, DateTimeOffset? DueAt, bool Escalated, string? Decision, string? Comment,
    PersonResponse? DecidedBy, DateTimeOffset? DecidedAt, DateTimeOffset CreatedAt, TaskInstanceResponse Instance, JsonElement? Request,
    IReadOnlyList<TaskDocumentResponse> Documents, IReadOnlyList<TaskDecisionResponse> Decisions);

/// <summary>The instance a task belongs to.</summary>
internal sealed record TaskInstanceResponse(Guid Id, string DefinitionId, int DefinitionVersion, string DefinitionName, string Status,
    PersonResponse? Applicant, DateTimeOffset CreatedAt);

/// <summary>A document the instance made: <c>Href</c> answers its record with every signature verified, <c>ContentHref</c> the PDF.</summary>
internal sealed record TaskDocumentResponse(string DocumentId, string Kind, string Status, string? Title, string FileName, string? NodeId,
    DateTimeOffset CreatedAt, string Href, string ContentHref);

/// <summary>A decision already given in the instance, as the journal recorded it.</summary>
internal sealed record TaskDecisionResponse(string NodeId, string Step, string Decision, PersonResponse DecidedBy, string Comment,
    DateTimeOffset DecidedAt);
