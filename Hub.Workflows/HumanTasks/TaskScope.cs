namespace Hub.Workflows.HumanTasks;

/// <summary>What a directory needs to know of an instance to say who its people are: the organisation that owns it
/// (id and materialised path) and the person who started it, if a person did.</summary>
/// <param name="OrganisationId">The owning organisation.</param>
/// <param name="OrganisationPath">Its path in the tree (<c>/root/…/</c>).</param>
/// <param name="ApplicantId">The person who started the instance; null when a system did.</param>
public sealed record TaskScope(Guid OrganisationId, string OrganisationPath, Guid? ApplicantId);
