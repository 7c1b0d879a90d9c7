using System.Collections.Concurrent;
using System.Net;

namespace Hub.Server.Tests.Workflows;

/// <summary>A loopback HTTP endpoint standing in for a vendor system: it counts calls per Idempotency-Key and can be
/// told to fail the first calls with 503.</summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly SemaphoreSlim? hold;
    private int failuresLeft;

    /// <param name="failFirst">Answer this many first calls with 503.</param>
    /// <param name="hold">When given, every call waits for a release of it before it is answered.</param>
    public LoopbackReceiver(int failFirst = 0, SemaphoreSlim? hold = null)
    {
        failuresLeft = failFirst;
        this.hold = hold;
        var port = Hub.Server.Database.LoopbackPort.AnyFree();
        Url = $"http://127.0.0.1:{port}/hook/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Calls per idempotency key (a missing header counts under "").</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Completes when the first call has arrived (before it is answered).</summary>
    public TaskCompletionSource FirstCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Calls.AddOrUpdate(context.Request.Headers["Idempotency-Key"] ?? "", 1, (_, n) => n + 1);
            FirstCall.TrySetResult();
            if (hold is not null)
            {
                await hold.WaitAsync();
            }

            var fail = Interlocked.Decrement(ref failuresLeft) >= 0;
            context.Response.StatusCode = fail ? 503 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{\"accepted\":true}"u8.ToArray());
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        // Close alone: Close after Stop looks the port up again and fails when another test has taken it meanwhile.
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
