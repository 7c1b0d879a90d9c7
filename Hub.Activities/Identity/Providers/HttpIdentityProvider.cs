using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Persons;

namespace Hub.Activities.Identity.Providers;

/// <summary>
/// The Hub's client for an identity vendor speaking the provider protocol (see Local/LocalIdentityProvider): signed
/// JSON requests, one timeout per attempt, retries with exponential backoff on transient failures only (timeout,
/// refused connection, 429 honouring Retry-After up to a cap, 5xx), and an <see cref="IdentityProviderException"/>
/// when nothing usable came back. A verdict is only ever read from a 200 answer.
/// </summary>
internal sealed class HttpIdentityProvider : IIdentityProvider
{
    private readonly HttpClient _http;
    private readonly IdentityProviderOptions _options;
    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    public HttpIdentityProvider(HttpClient http, IdentityProviderOptions options, TimeProvider time)
    {
        options.Validate();
        _http = http;
        _options = options;
        _secret = Convert.FromBase64String(options.Secret);
        _time = time;
    }

    public string Name => _options.Name;

    public Task<ProviderVerdict> CheckThreeElementsAsync(PersonalDetails details, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/v1/persons/three-element",
            new { name = details.Name, idNumber = details.IdNumber.Value, mobile = details.Mobile.Value }, cancellationToken);

    public Task<ProviderVerdict> StartNetworkIdentityAsync(string name, ResidentIdNumber idNumber, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/v1/network-identity/sessions", new { name, idNumber = idNumber.Value }, cancellationToken);

    public Task<ProviderVerdict> ReadNetworkIdentityAsync(string sessionId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/v1/network-identity/sessions/" + Uri.EscapeDataString(sessionId), null, cancellationToken);

    public Task<ProviderVerdict> CheckFaceAsync(PersonalDetails details, string imageSha256, bool livenessPassed,
        CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/v1/persons/face",
            new { name = details.Name, idNumber = details.IdNumber.Value, imageSha256, liveness = livenessPassed }, cancellationToken);

    public Task<ProviderVerdict> CheckEnterpriseAsync(string name, UnifiedSocialCreditCode creditCode, string legalRepresentative,
        CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/v1/enterprises/verify",
            new { name, creditCode = creditCode.Value, legalRepresentative }, cancellationToken);

    private async Task<ProviderVerdict> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var payload = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body);
        for (var attempt = 1; ; attempt++)
        {
            IdentityProviderException failure;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(_options.AttemptTimeout);
                try
                {
                    using var request = Sign(method, path, payload);
                    using var response = await _http.SendAsync(request, attemptTimeout.Token);
                    var text = await response.Content.ReadAsStringAsync(attemptTimeout.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return Parse(text, path);
                    }

                    failure = Classify(response, path);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new IdentityProviderException(
                        $"Identity provider '{Name}' did not answer {path} within {_options.AttemptTimeout.TotalSeconds:0.###} s.", true);
                }
                catch (HttpRequestException exception)
                {
                    failure = new IdentityProviderException(
                        $"Identity provider '{Name}' is unreachable for {path}: {exception.HttpRequestError}.", true, inner: exception);
                }
            }

            if (!failure.IsTransient || attempt >= _options.MaxAttempts)
            {
                throw attempt > 1 && failure.IsTransient
                    ? new IdentityProviderException($"{failure.Message} Gave up after {attempt} attempts.", true, failure.RetryAfter, failure)
                    : failure;
            }

            var backoff = _options.InitialBackoff * Math.Pow(2, attempt - 1);
            if (failure.RetryAfter is { } retryAfter)
            {
                if (retryAfter > _options.MaxRetryAfter)
                {
                    throw failure;
                }

                backoff = retryAfter > backoff ? retryAfter : backoff;
            }

            await Task.Delay(backoff, _time, cancellationToken);
        }
    }

    private HttpRequestMessage Sign(HttpMethod method, string path, byte[] payload)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.BaseUrl!, path));
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        ProviderRequestSignature.Sign(request, _options.AppId, _secret, path, method == HttpMethod.Get ? [] : payload, _time);
        return request;
    }

    private IdentityProviderException Classify(HttpResponseMessage response, string path)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - _time.GetUtcNow() : null);
            return new IdentityProviderException(
                $"Identity provider '{Name}' rate-limited {path} (HTTP 429, retry after {retryAfter?.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "unspecified"} s).",
                true, retryAfter);
        }

        return status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout
            ? new IdentityProviderException($"Identity provider '{Name}' failed on {path} (HTTP {status}).", true)
            : new IdentityProviderException($"Identity provider '{Name}' refused the request to {path} (HTTP {status}); check the Hub's provider configuration.", false);
    }

    private ProviderVerdict Parse(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var result = document.RootElement.GetProperty("result").GetString() switch
            {
                "match" => ProviderResult.Match,
                "mismatch" => ProviderResult.Mismatch,
                "invalid_document" => ProviderResult.InvalidDocument,
                "deceased" => ProviderResult.Deceased,
                "deregistered" => ProviderResult.Deregistered,
                "pending" => ProviderResult.Pending,
                "declined" => ProviderResult.Declined,
                _ => throw new FormatException("unknown result"),
            };
            var reference = document.RootElement.TryGetProperty("reference", out var r) ? r.GetString() : null;
            return new ProviderVerdict(result, reference);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new IdentityProviderException($"Identity provider '{Name}' answered {path} with a body that is not a verdict.", false, inner: exception);
        }
    }
}
