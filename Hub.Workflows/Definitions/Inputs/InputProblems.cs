namespace Hub.Workflows.Definitions.Inputs;

/// <summary>The problems found so far in one document, capped so a hostile document cannot make the answer huge.</summary>
internal sealed class InputProblems(int max)
{
    private readonly List<InputProblem> problems = [];
    private int dropped;

    public bool Any => problems.Count > 0;

    public void Add(string path, string message)
    {
        if (problems.Count < max)
        {
            problems.Add(new InputProblem(path, message));
        }
        else
        {
            dropped++;
        }
    }

    public IReadOnlyList<InputProblem> ToList() =>
        dropped == 0 ? problems : [.. problems, new InputProblem("$", $"{dropped} more problem(s) not listed")];
}
