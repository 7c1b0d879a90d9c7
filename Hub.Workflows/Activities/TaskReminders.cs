namespace Hub.Workflows.Activities;

/// <summary>How often the people a task waits for are reminded, and how many times at most. The first reminder goes
/// out one interval after the task was created; reminders stop when the task is decided, cancelled or the limit is
/// reached, so a forgotten task cannot flood anybody.</summary>
/// <param name="Every">The interval between reminders.</param>
/// <param name="Limit">The most reminders one task sends.</param>
public sealed record TaskReminders(TimeSpan Every, int Limit)
{
    /// <summary>The most reminders a definition may ask for per task.</summary>
    public const int MaxLimit = 20;
}
