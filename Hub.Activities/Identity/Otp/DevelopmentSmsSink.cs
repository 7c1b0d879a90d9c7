using System.Collections.Concurrent;
using Hub.Activities.Identifiers;

namespace Hub.Activities.Identity.Otp;

/// <summary>
/// The development channel: keeps messages in memory (newest last) instead of sending them, so a developer or a test
/// reads the code here. Messages are held by recipient id; the number itself is not kept.
/// </summary>
internal sealed class DevelopmentSmsSink : ISmsSender
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<string>> _messages = new();

    public Task SendAsync(Guid recipientId, MobileNumber mobile, string text, CancellationToken cancellationToken)
    {
        _messages.GetOrAdd(recipientId, _ => new ConcurrentQueue<string>()).Enqueue(text);
        return Task.CompletedTask;
    }

    /// <summary>The last message sent to the person, or null.</summary>
    public string? LastTo(Guid recipientId) => _messages.TryGetValue(recipientId, out var queue) ? queue.LastOrDefault() : null;
}
