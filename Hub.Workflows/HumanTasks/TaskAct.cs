namespace Hub.Workflows.HumanTasks;

/// <summary>The outcome of an act on a human task: done (with the task as it now stands), or refused with a reason
/// and a sentence for the person who tried.</summary>
public sealed record TaskAct
{
    private TaskAct(HumanTask? task, TaskRefusal? refusal, string? message) => (Task, Refusal, Message) = (task, refusal, message);

    /// <summary>The task after the act; null when refused.</summary>
    public HumanTask? Task { get; }

    /// <summary>Why the act was refused; null when done.</summary>
    public TaskRefusal? Refusal { get; }

    /// <summary>What to tell the actor about the refusal; null when done.</summary>
    public string? Message { get; }

    /// <summary>Whether the act was done.</summary>
    public bool Done => Refusal is null;

    /// <summary>A done act leaving <paramref name="task"/>.</summary>
    public static TaskAct Of(HumanTask task) => new(task, null, null);

    /// <summary>A refused act.</summary>
    public static TaskAct Refused(TaskRefusal refusal, string message) => new(null, refusal, message);
}
