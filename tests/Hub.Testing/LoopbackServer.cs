using System.Net;
using System.Net.Sockets;

namespace Hub.Testing;

/// <summary>A tiny HTTP server on 127.0.0.1 (HttpListener) whose every request goes to the test's handler.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    public LoopbackServer(Func<HttpListenerContext, Task> handler)
    {
        _handler = handler;
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/tsa");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    /// <summary>Completes when the server shuts down; a handler that must never answer awaits it.</summary>
    public Task Stopping => _stopping.Task;

    public async ValueTask DisposeAsync()
    {
        _stopping.TrySetResult();
        // Close alone: Close after Stop looks the port up again and fails when another test has taken it meanwhile.
        _listener.Close();
        await _loop;
    }

    /// <summary>A port nobody listens on at this moment (the OS picks it).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await _handler(context);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    // The client gave up (timeout tests) or the server stopped.
                }
            });
        }
    }
}
