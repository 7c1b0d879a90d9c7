using System.Net;
using System.Net.Http.Headers;
using Hub.Server.Trust;
using Hub.Trust.Timestamps;

namespace Hub.Server.Documents;

/// <summary>
/// Gives a <see cref="TimestampClient"/> the node's own TSA without a network hop: the request bytes go to the same
/// <see cref="TimestampAuthority"/> that answers <c>POST /tsa</c>, and its reply comes back as the endpoint sends it.
/// The node's listen address may be a wildcard, a host name or TLS, so calling itself over HTTP would depend on
/// deployment; the bytes exchanged are the same RFC 3161 messages either way.
/// </summary>
internal sealed class LocalTimestampHandler(HubTrust trust) : HttpMessageHandler
{
    /// <summary>The address the client is given; only its path matters.</summary>
    public static readonly Uri Address = new("http://localhost/tsa");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var query = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var tsa = await trust.TimestampAuthorityAsync(cancellationToken);
        var reply = await tsa.RespondAsync(query, cancellationToken);
        var content = new ByteArrayContent(reply);
        content.Headers.ContentType = new MediaTypeHeaderValue(TimestampAuthority.ResponseContentType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
