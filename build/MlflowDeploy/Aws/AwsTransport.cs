using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace MlflowDeploy.Aws;

/// <summary>
/// Sends one AWS call: builds a fresh request per attempt, signs it, bounds it by the per-request timeout,
/// retries throttling, 5xx and unreachable endpoints with backoff, and maps the final failure.
/// Shared by the JSON and Query clients so that each typed client only knows its operations.
/// </summary>
internal sealed class AwsTransport
{
    private readonly HttpClient _http;
    private readonly SigV4Signer _signer = new();
    private readonly AwsCredentials _credentials;
    private readonly AwsRetryPolicy _retry;
    private readonly TimeProvider _clock;
    private readonly Random _jitter;

    public AwsTransport(HttpClient http, AwsCredentials credentials, string region, AwsRetryPolicy retry, TimeProvider? clock = null, Random? jitter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry.MaxAttempts, 1);
        _http = http;
        _credentials = credentials;
        Region = region;
        _retry = retry;
        _clock = clock ?? TimeProvider.System;
        _jitter = jitter ?? Random.Shared;
    }

    public string Region { get; }

    /// <summary>Returns the body of the first 2xx answer.</summary>
    public async Task<string> SendAsync(AwsService service, string operation, Func<HttpRequestMessage> buildRequest, CancellationToken cancellationToken)
    {
        AwsServiceException? last = null;
        for (var attempt = 1; attempt <= _retry.MaxAttempts; attempt++)
        {
            if (attempt > 1)
                await Task.Delay(_retry.BackoffBefore(attempt - 1, _jitter), _clock, cancellationToken).ConfigureAwait(false);

            var (body, error) = await AttemptAsync(service, operation, buildRequest, cancellationToken).ConfigureAwait(false);
            if (error is null)
                return body!;
            last = error;
            if (!AwsErrorClassifier.IsRetryable(last.Category))
                throw (Exception?)AwsActionableErrors.For(last) ?? last;
        }
        throw AwsActionableErrors.RetriesExhausted(last!, _retry.MaxAttempts);
    }

    private async Task<(string? Body, AwsServiceException? Error)> AttemptAsync(
        AwsService service, string operation, Func<HttpRequestMessage> buildRequest, CancellationToken cancellationToken)
    {
        using var request = buildRequest();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_retry.RequestTimeout);
        try
        {
            await _signer.SignAsync(request, _credentials, Region, service.SigningName, _clock.GetUtcNow(),
                escapePathTwice: service.EscapesPathTwice, cancellationToken: timeout.Token).ConfigureAwait(false);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return (body, null);
            var (code, message) = ParseError(response, body);
            var status = (int)response.StatusCode;
            return (null, new AwsServiceException(service, operation, AwsErrorClassifier.Classify(code, status), code, message, status));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new AwsServiceException(service, operation, AwsErrorCategory.Unreachable, "Timeout",
                $"no answer from {request.RequestUri?.GetLeftPart(UriPartial.Authority)} within {DurationText.Human(_retry.RequestTimeout)}", null, e));
        }
        catch (HttpRequestException e)
        {
            return (null, new AwsServiceException(service, operation, AwsErrorCategory.Unreachable, "Unreachable",
                $"{request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {e.Message}", null, e));
        }
    }

    /// <summary>JSON protocols carry <c>__type</c> (maybe as <c>namespace#Code</c>); Query protocols <c>&lt;Error&gt;&lt;Code&gt;</c>.</summary>
    internal static (string Code, string Message) ParseError(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var fallback = $"HTTP{status}";
        var trimmed = body.TrimStart();
        try
        {
            if (trimmed.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(trimmed);
                var root = json.RootElement;
                var type = Text(root, "__type") ?? Text(root, "code") ?? Text(root, "Code")
                    ?? (response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null);
                var message = Text(root, "message") ?? Text(root, "Message") ?? "";
                return (type is null ? fallback : StripNamespace(type), message);
            }
            if (trimmed.StartsWith('<'))
            {
                var xml = XDocument.Parse(trimmed);
                var error = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error") ?? xml.Root;
                var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                var message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "";
                return (string.IsNullOrWhiteSpace(code) ? fallback : code.Trim(), message);
            }
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            // A proxy's HTML or a truncated body: fall through to the status.
        }
        return (fallback, response.ReasonPhrase ?? (response.StatusCode == HttpStatusCode.TooManyRequests ? "Too Many Requests" : ""));
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string StripNamespace(string type)
    {
        var hash = type.LastIndexOf('#');
        var code = hash >= 0 ? type[(hash + 1)..] : type;
        var colon = code.IndexOf(':'); // x-amzn-ErrorType: "Code:http://internal.amazon.com/..."
        return colon >= 0 ? code[..colon] : code;
    }
}
