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
public sealed partial class MlflowClient : IDisposable
{
    /// <summary>The server refuses larger pages with INVALID_PARAMETER_VALUE.</summary>
    public const int MaxSearchResults = 50000;

    private const string TrackingApi = "api/2.0/mlflow/";
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";
    private const int MaxErrorMessageLength = 300;

    private static readonly JsonSerializerOptions Json = new()
    {
        // MLflow writes int64 fields as numbers, but protobuf's JSON mapping allows strings; accept both.
        // Protobuf's JSON mapping writes NaN and infinities as the strings "NaN", "Infinity" and "-Infinity".
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,

        // An absent optional field and an unset one mean the same to MLflow's parser; send neither.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly MlflowClientOptions _options;
    private long _requestsSent;

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

    /// <summary>Requests sent so far, retries included (a migration reports how hard it leaned on each server).</summary>
    public long RequestsSent => Interlocked.Read(ref _requestsSent);

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

    public void Dispose() => _http.Dispose();

    private static Uri WithTrailingSlash(Uri url)
    {
        var builder = new UriBuilder(url) { Query = string.Empty, Fragment = string.Empty };
        builder.Path = builder.Path.TrimEnd('/') + "/";
        return builder.Uri;
    }

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
}
