using System.Collections.Concurrent;
using Hub.Activities.Identifiers;

namespace Hub.Activities.Identity.Otp;

/// <summary>
/// The development channel: keeps messages in memory (newest last) instead of sending them, so a developer or a test
/// reads the code here. Messages are held by the mobile's keyed lookup, never by the number itself.
/// </summary>
internal sealed class DevelopmentSmsSink(Func<MobileNumber, string> lookupOf) : ISmsSender
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _messages = new(StringComparer.Ordinal);

    public Task SendAsync(MobileNumber mobile, string text, CancellationToken cancellationToken)
    {
        _messages.GetOrAdd(lookupOf(mobile), _ => new ConcurrentQueue<string>()).Enqueue(text);
        return Task.CompletedTask;
    }

    /// <summary>The last message sent to <paramref name="mobile"/>, or null.</summary>
    public string? LastTo(MobileNumber mobile) =>
        _messages.TryGetValue(lookupOf(mobile), out var queue) ? queue.LastOrDefault() : null;
}
