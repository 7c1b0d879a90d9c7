using Hub.Workflows.Runtime;

namespace Hub.Workflows.Activities;

/// <summary>What an execution of an activity ended with.</summary>
public sealed class ActivityResult
{
    private ActivityResult(IReadOnlyList<string> outcomes, BookmarkRequest? bookmark, string? terminationMessage)
    {
        Outcomes = outcomes;
        Bookmark = bookmark;
        TerminationMessage = terminationMessage;
    }

    /// <summary>The outcomes taken; empty for a suspension, a termination or an end.</summary>
    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>The bookmark to suspend on, or null.</summary>
    public BookmarkRequest? Bookmark { get; }

    /// <summary>The fault message when the activity terminates the instance, or null.</summary>
    public string? TerminationMessage { get; }

    /// <summary>Completes with the given outcomes (none: the path ends here).</summary>
    public static ActivityResult Complete(params string[] outcomes) => new(outcomes, null, null);

    /// <summary>Suspends until the host resumes the bookmark.</summary>
    public static ActivityResult Suspend(BookmarkRequest bookmark)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        return new([], bookmark, null);
    }

    /// <summary>Ends the instance as faulted, cancelling every other path.</summary>
    public static ActivityResult Terminate(string message) => new([], null, message);
}
