using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>
/// A small client for the MLflow 2.x tracking server's REST API, as observed in
/// <c>shared/notes/mlflow-rest-contract.md</c>. Every call has the per-request timeout of its options and
/// throws <see cref="MlflowRequestException"/> for anything but the documented success answer.
/// </summary>
public sealed class MlflowClient : IDisposable
{
    /// <summary>The server refuses larger pages with INVALID_PARAMETER_VALUE.</summary>
    public const int MaxSearchResults = 50000;

    private const string TrackingApi = "api/2.0/mlflow/";
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";
    private const int MaxErrorMessageLength = 300;

    private static readonly JsonSerializerOptions Json = new()
    {
        // MLflow writes int64 fields as numbers, but protobuf's JSON mapping allows strings; accept both.
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly MlflowClientOptions _options;

    public MlflowClient(MlflowClientOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.BaseUrl.IsAbsoluteUri || (options.BaseUrl.Scheme != Uri.UriSchemeHttp && options.BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ActionableError($"The MLflow URL '{options.BaseUrl}' is not an http(s) URL: pass the tracking server's root, e.g. https://mlflow.example.com.");
        }

        if (!string.IsNullOrEmpty(options.BaseUrl.UserInfo))
        {
            // A password in the URL would end up in every message that names the URL.
            throw new ActionableError("The MLflow URL carries credentials: remove them from the URL and set MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN instead.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RequestTimeout must be positive.");
        }

        _options = options;
        BaseUrl = WithTrailingSlash(options.BaseUrl);
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler
            {
                // A redirected POST turns into a GET and fails obscurely; report the redirect instead.
                AllowAutoRedirect = false,

                // Load balancer addresses change; don't pin one connection for a whole Verify run.
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            })
            : new HttpClient(handler, disposeHandler: false);

        // The per-request deadline is ours (it must tell a timeout from the caller's cancellation).
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.MaxResponseContentBufferSize = 16 * 1024 * 1024;
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("mlflow-deploy", "1.0"));
        _http.DefaultRequestHeaders.Authorization = options.Credentials.ToHeader();
    }

    /// <summary>The server root with exactly one trailing slash; every API path is resolved against it.</summary>
    public Uri BaseUrl { get; }

    public MlflowCredentials Credentials => _options.Credentials;

    public TimeSpan RequestTimeout => _options.RequestTimeout;

    /// <summary><c>GET /health</c>; returns the body (the server says <c>OK</c>).</summary>
    public async Task<string> GetHealthAsync(CancellationToken cancellationToken) =>
        await GetTextAsync("health", cancellationToken);

    /// <summary><c>GET /version</c>; returns the server's MLflow version, trimmed.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken) =>
        (await GetTextAsync("version", cancellationToken)).Trim();

    /// <summary>The first page of active experiments.</summary>
    public async Task<MlflowExperimentPage> SearchExperimentsAsync(int maxResults, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResults, MaxSearchResults);
        var answer = await SendAsync(HttpMethod.Get, $"{TrackingApi}experiments/search?max_results={maxResults}", null, cancellationToken);
        var page = Parse<MlflowExperimentPage>(answer);
        if (page.Experiments.Any(e => e is null))
        {
            throw Breach(answer, "the experiments list holds a null entry");
        }

        return page;
    }

    /// <summary>Creates an experiment and returns its id.</summary>
    public async Task<string> CreateExperimentAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var answer = await PostJsonAsync("experiments/create", new { name }, cancellationToken);
        return Parse<CreateExperimentAnswer>(answer).ExperimentId;
    }

    /// <summary>Soft-deletes an experiment; its name stays taken.</summary>
    public async Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        await PostJsonAsync("experiments/delete", new { experiment_id = experimentId }, cancellationToken);

    public async Task<MlflowRunInfo> CreateRunAsync(string experimentId, string runName, DateTimeOffset startTime, CancellationToken cancellationToken)
    {
        var answer = await PostJsonAsync(
            "runs/create",
            new { experiment_id = experimentId, run_name = runName, start_time = startTime.ToUnixTimeMilliseconds() },
            cancellationToken);
        return Parse<RunAnswer>(answer).Run.Info;
    }

    public async Task LogMetricAsync(string runId, MlflowMetric metric, CancellationToken cancellationToken) =>
        await PostJsonAsync(
            "runs/log-metric",
            new { run_id = runId, key = metric.Key, value = metric.Value, timestamp = metric.Timestamp, step = metric.Step },
            cancellationToken);

    public async Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var answer = await SendAsync(HttpMethod.Get, $"{TrackingApi}runs/get?run_id={Uri.EscapeDataString(runId)}", null, cancellationToken);
        return Parse<RunAnswer>(answer).Run;
    }

    /// <summary>Soft-deletes a run; deleting a deleted run succeeds.</summary>
    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken) =>
        await PostJsonAsync("runs/delete", new { run_id = runId }, cancellationToken);

    /// <summary>Uploads through the server's artifact proxy; <paramref name="path"/> is as from <see cref="MlflowArtifactPath"/>.</summary>
    public async Task UploadArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await SendAsync(HttpMethod.Put, ArtifactUrl(path), body, cancellationToken);
    }

    public async Task<byte[]> DownloadArtifactAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, ArtifactUrl(path), null, cancellationToken)).Body;

    /// <summary>The direct children of a folder; an empty or missing folder lists nothing.</summary>
    public async Task<IReadOnlyList<MlflowArtifactFile>> ListArtifactsAsync(string folder, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, $"{ArtifactsApi}?path={Uri.EscapeDataString(folder.Trim('/'))}", null, cancellationToken);
        return Parse<ArtifactListAnswer>(answer).Files;
    }

    public async Task DeleteArtifactAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, ArtifactUrl(path), null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private static Uri WithTrailingSlash(Uri url)
    {
        var builder = new UriBuilder(url) { Query = string.Empty, Fragment = string.Empty };
        builder.Path = builder.Path.TrimEnd('/') + "/";
        return builder.Uri;
    }

    private static string ArtifactUrl(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not an artifact path.", nameof(path));
        }

        return $"{ArtifactsApi}/{string.Join('/', segments.Select(Uri.EscapeDataString))}";
    }

    private async Task<string> GetTextAsync(string relative, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, relative, null, cancellationToken);
        return Encoding.UTF8.GetString(answer.Body);
    }

    private async Task<Answer> PostJsonAsync(string method, object payload, CancellationToken cancellationToken)
    {
        // MLflow rejects a POST without exactly this media type (INVALID_PARAMETER_VALUE), so no charset.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload));
        content.Headers.ContentType = JsonMediaType;
        return await SendAsync(HttpMethod.Post, TrackingApi + method, content, cancellationToken);
    }

    private async Task<Answer> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await ExchangeAsync(method, relative, content, cancellationToken);
            _options.Answered?.Invoke(null);
            return answer;
        }
        catch (MlflowRequestException e)
        {
            _options.Answered?.Invoke(e);
            throw;
        }
    }

    private async Task<Answer> ExchangeAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseUrl, relative);
        var operation = $"{method} {url.AbsolutePath}";
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var answer = new Answer(operation, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers.Location);
            if (!response.IsSuccessStatusCode)
            {
                throw HttpFailure(answer, response.ReasonPhrase);
            }

            return answer;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new MlflowRequestException(
                MlflowFailureKind.TimedOut,
                operation,
                $"{operation} did not answer within {DurationText.Human(_options.RequestTimeout)}");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw new MlflowRequestException(MlflowFailureKind.TlsFailure, operation, $"{operation}: TLS failed: {Innermost(e)}", inner: e);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new MlflowRequestException(MlflowFailureKind.Unreachable, operation, $"{operation}: {Innermost(e)}", inner: e);
        }
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

    private sealed record CreateExperimentAnswer
    {
        [JsonPropertyName("experiment_id")]
        public required string ExperimentId { get; init; }
    }

    private sealed record RunAnswer
    {
        [JsonPropertyName("run")]
        public required MlflowRun Run { get; init; }
    }

    private sealed record ArtifactListAnswer
    {
        [JsonPropertyName("files")]
        public IReadOnlyList<MlflowArtifactFile> Files { get; init; } = [];
    }
}
