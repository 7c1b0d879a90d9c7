namespace Hub.Workflows.HumanTasks;

/// <summary>The people a task's candidates name, and the candidates that named nobody (each described for the journal
/// and the incident an unresolved task opens).</summary>
/// <param name="People">Distinct person ids, ordered.</param>
/// <param name="Unresolved">A sentence per candidate that resolved to nobody.</param>
public sealed record CandidateResolution(IReadOnlyList<Guid> People, IReadOnlyList<string> Unresolved);
