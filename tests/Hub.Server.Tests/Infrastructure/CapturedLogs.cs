using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>Everything the server under test logged, so tests can assert that refusals are recorded and secrets are not.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyCollection<LogLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Sink(categoryName, _lines);

    public void Dispose()
    {
    }

    public sealed record LogLine(string Category, int EventId, LogLevel Level, string Message);

    private sealed class Sink(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(category, eventId.Id, logLevel, formatter(state, exception)));
    }
}
