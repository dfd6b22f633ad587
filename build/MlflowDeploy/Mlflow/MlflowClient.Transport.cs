using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MlflowDeploy.Mlflow;

/// <summary>
/// The client's one way to send a request: a deadline per request that also covers reading the answer, MLflow's
/// error bodies turned into <see cref="MlflowRequestException"/>, and JSON read as it streams in.
/// </summary>
public sealed partial class MlflowClient
{
    private async Task<string> GetTextAsync(string relative, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, relative, null, cancellationToken);
        return Encoding.UTF8.GetString(answer.Body);
    }

    private async Task<Answer> PostJsonAsync(string method, object payload, CancellationToken cancellationToken)
    {
        // MLflow rejects a POST without exactly this media type (INVALID_PARAMETER_VALUE), so no charset.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        content.Headers.ContentType = JsonMediaType;
        return await SendAsync(HttpMethod.Post, TrackingApi + method, content, cancellationToken);
    }

    private Task<Answer> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken) =>
        SendAsync(
            method,
            relative,
            content,
            _options.RequestTimeout,
            HttpCompletionOption.ResponseContentRead,
            async (response, operation, token) => new Answer(
                operation, response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync(token), response.Headers.Location),
            cancellationToken);

    /// <summary>
    /// Sends one request under <paramref name="timeout"/>, which covers reading the answer in <paramref name="read"/>
    /// too; anything but 2xx becomes an <see cref="MlflowRequestException"/> before <paramref name="read"/> is called.
    /// </summary>
    private async Task<T> SendAsync<T>(
        HttpMethod method,
        string relative,
        HttpContent? content,
        TimeSpan timeout,
        HttpCompletionOption completion,
        Func<HttpResponseMessage, string, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        var url = new Uri(BaseUrl, relative);
        var operation = $"{method} {url.AbsolutePath}";
        Interlocked.Increment(ref _requestsSent);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var deadline = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await _http.SendAsync(request, completion, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                var body = await ReadBoundedAsync(response.Content, linked.Token);
                throw HttpFailure(new Answer(operation, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers.Location), response.ReasonPhrase);
            }

            return await read(response, operation, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new MlflowRequestException(
                MlflowFailureKind.TimedOut,
                operation,
                $"{operation} did not answer within {DurationText.Human(timeout)}");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw new MlflowRequestException(MlflowFailureKind.TlsFailure, operation, $"{operation}: TLS failed: {Innermost(e)}", inner: e);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new MlflowRequestException(MlflowFailureKind.Unreachable, operation, $"{operation}: {Innermost(e)}", inner: e);
        }
        catch (IOException e)
        {
            // A connection reset while the body streams in surfaces as an IOException, not an HttpRequestException.
            throw new MlflowRequestException(MlflowFailureKind.Unreachable, operation, $"{operation}: {Innermost(e)}", inner: e);
        }
    }

    /// <summary>An error answer's body, read only as far as an error message needs.</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        const int Limit = 64 * 1024;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Limit];
        var total = 0;
        int read;
        while (total < Limit && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    /// <summary>Deserializes a 2xx JSON answer as it streams in, so a large page is never buffered whole.</summary>
    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken)
                ?? throw Breach(new Answer(operation, response.StatusCode, null, []), "the body is JSON null");
        }
        catch (JsonException e)
        {
            throw Breach(new Answer(operation, response.StatusCode, null, []), e.Message);
        }
    }

    private Task<T> GetJsonAsync<T>(string relative, CancellationToken cancellationToken)
        where T : class =>
        SendAsync(HttpMethod.Get, relative, null, _options.RequestTimeout, HttpCompletionOption.ResponseHeadersRead, ReadJsonAsync<T>, cancellationToken);

    private Task<T> PostJsonAsync<T>(string method, object payload, CancellationToken cancellationToken)
        where T : class
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        content.Headers.ContentType = JsonMediaType;
        return SendAsync(HttpMethod.Post, TrackingApi + method, content, _options.RequestTimeout, HttpCompletionOption.ResponseHeadersRead, ReadJsonAsync<T>, cancellationToken);
    }

    private static MlflowRequestException HttpFailure(Answer answer, string? reason)
    {
        var (errorCode, message) = ReadMlflowError(answer);
        var status = $"HTTP {(int)answer.Status}{(string.IsNullOrEmpty(reason) ? string.Empty : " " + reason)}";
        var text = errorCode is not null ? $"{answer.Operation} answered {status} {errorCode}: {Shorten(message)}"
            : answer.Location is not null ? $"{answer.Operation} answered {status} to {answer.Location}"
            : $"{answer.Operation} answered {status}";
        return new MlflowRequestException(MlflowFailureKind.HttpError, answer.Operation, text, answer.Status, errorCode);
    }

    private static (string? ErrorCode, string Message) ReadMlflowError(Answer answer)
    {
        // Unknown paths and wrong methods answer with HTML, and proxies in front answer with their own pages.
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error_code", out var code)
                && code.ValueKind == JsonValueKind.String)
            {
                var message = document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                    ? m.GetString() ?? string.Empty
                    : string.Empty;
                return (code.GetString(), message);
            }
        }
        catch (JsonException)
        {
        }

        return (null, string.Empty);
    }

    private static T Parse<T>(Answer answer)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(answer.Body, Json) ?? throw Breach(answer, "the body is JSON null");
        }
        catch (JsonException e)
        {
            throw Breach(answer, e.Message);
        }
    }

    private static MlflowRequestException Breach(Answer answer, string what) =>
        new(MlflowFailureKind.ContractBreach, answer.Operation,
            $"{answer.Operation} answered HTTP {(int)answer.Status} but not with the documented JSON: {Shorten(what)}",
            answer.Status);

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= MaxErrorMessageLength ? oneLine : oneLine[..MaxErrorMessageLength] + "…";
    }

    private sealed record Answer(string Operation, HttpStatusCode Status, string? MediaType, byte[] Body, Uri? Location = null);
}
