using System.Net;
using Hub.Trust.Timestamps;

namespace Hub.Testing;

/// <summary>
/// A <see cref="TestTsa"/> answering RFC 3161 requests over HTTP on 127.0.0.1 (POST <see cref="Url"/>), as <c>POST /tsa</c>
/// of <c>./hub serve</c> does: for tests of HTTP clients of a TSA (<c>pdf sign --tsa URL</c>).
/// </summary>
public sealed class LoopbackTsa : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    public LoopbackTsa(TestTsa tsa) => _server = new LoopbackServer(context => AnswerAsync(tsa.Authority, context));

    public Uri Url => _server.Url;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task AnswerAsync(TimestampAuthority authority, HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        var reply = await authority.RespondAsync(body.ToArray(), CancellationToken.None).ConfigureAwait(false);
        context.Response.ContentType = TimestampAuthority.ResponseContentType;
        context.Response.ContentLength64 = reply.Length;
        await context.Response.OutputStream.WriteAsync(reply).ConfigureAwait(false);
    }
}
