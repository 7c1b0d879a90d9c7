using System.Collections.Concurrent;
using System.Text;
using Hub.Activities.Identifiers;

namespace Hub.Activities.Identity.Otp;

/// <summary>
/// The development channel: keeps messages in memory (newest last) instead of sending them, so a test reads the code
/// here, and, when given an outbox file, appends each as a line "recipient-id text" so a developer running
/// <c>./hub serve</c> (or a browser test) reads it there. The number itself is never kept or written.
/// </summary>
internal sealed class DevelopmentSmsSink(string? outboxFile = null) : ISmsSender
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<string>> _messages = new();
    private readonly SemaphoreSlim _outbox = new(1, 1);

    public async Task SendAsync(Guid recipientId, MobileNumber mobile, string text, CancellationToken cancellationToken)
    {
        _messages.GetOrAdd(recipientId, _ => new ConcurrentQueue<string>()).Enqueue(text);
        if (outboxFile is null)
        {
            return;
        }

        await _outbox.WaitAsync(cancellationToken);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                // Owner-only, like the demo credentials beside it: the codes are live for five minutes.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using var stream = new FileStream(outboxFile, options);
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"{recipientId:D} {text.ReplaceLineEndings(" ")}\n"), cancellationToken);
        }
        finally
        {
            _outbox.Release();
        }
    }

    /// <summary>The last message sent to the person, or null.</summary>
    public string? LastTo(Guid recipientId) => _messages.TryGetValue(recipientId, out var queue) ? queue.LastOrDefault() : null;
}
