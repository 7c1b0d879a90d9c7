using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Providers;

namespace Hub.Activities.Identity.Otp;

/// <summary>
/// Sends text messages through an HTTP SMS gateway: a JSON POST <c>{"to","text"}</c> signed like the identity vendors'
/// requests (<see cref="ProviderRequestSignature"/>), with a per-attempt timeout and retries on no answer, 408, 429
/// (honouring Retry-After) and 5xx. Failures name the mobile masked and never the text, which holds the code.
/// </summary>
internal sealed class HttpSmsGateway(HttpClient http, SmsGatewayOptions options, TimeProvider time) : ISmsSender
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(5);

    public async Task SendAsync(Guid recipientId, MobileNumber mobile, string text, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { to = mobile.Value, text, reference = recipientId });
        string failure = "";
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.AttemptTimeout);
                try
                {
                    using var request = Sign(body);
                    using var response = await http.SendAsync(request, timeout.Token);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    failure = $"SMS gateway answered HTTP {status} for {mobile.Masked}.";
                    if (status is not (408 or 429 or >= 500))
                    {
                        throw new IdentityProviderException(failure + " Not retried: the request was refused.", false);
                    }

                    retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? response.Headers.RetryAfter?.Delta : null;
                }
                catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    failure = $"SMS gateway did not answer for {mobile.Masked} within {options.AttemptTimeout.TotalSeconds:0.###} s.";
                }
            }

            if (attempt < options.MaxAttempts)
            {
                var wait = retryAfter is { } asked ? (asked > MaxRetryAfter ? MaxRetryAfter : asked) : options.InitialBackoff * Math.Pow(2, attempt - 1);
                await Task.Delay(wait, time, cancellationToken);
            }
        }

        throw new IdentityProviderException($"{failure} Gave up after {options.MaxAttempts} attempts; no code was delivered.", true);
    }

    private HttpRequestMessage Sign(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        ProviderRequestSignature.Sign(request, options.AppId, Convert.FromBase64String(options.Secret), options.Url!.PathAndQuery, body, time);
        return request;
    }
}
