using System.Collections.Concurrent;
using System.Net;

namespace Hub.Server.Tests.Workflows;

/// <summary>A loopback HTTP endpoint standing in for a vendor system: it counts calls per Idempotency-Key and can be
/// told to fail the first calls with 503.</summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private int failuresLeft;

    public LoopbackReceiver(int failFirst = 0)
    {
        failuresLeft = failFirst;
        var port = Hub.Server.Database.LoopbackPort.AnyFree();
        Url = $"http://127.0.0.1:{port}/hook/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Calls per idempotency key (a missing header counts under "").</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

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
            var fail = Interlocked.Decrement(ref failuresLeft) >= 0;
            context.Response.StatusCode = fail ? 503 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{\"accepted\":true}"u8.ToArray());
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
