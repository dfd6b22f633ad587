using System.Net;
using System.Net.Sockets;
using System.Text;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Tests.MlflowDouble;

namespace MlflowDeploy.Tests.Mlflow;

public sealed class MlflowClientTests : IAsyncLifetime
{
    private MlflowDoubleServer _server = null!;

    public async Task InitializeAsync() => _server = await MlflowDoubleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private MlflowClient Client(Uri? baseUrl = null, MlflowCredentials? credentials = null, TimeSpan? timeout = null) => new(new MlflowClientOptions
    {
        BaseUrl = baseUrl ?? _server.BaseUrl,
        Credentials = credentials ?? MlflowCredentials.None,
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(5),
    });

    [Fact]
    public async Task Reads_health_and_version()
    {
        using var client = Client();

        Assert.Equal("OK", await client.GetHealthAsync(CancellationToken.None));
        Assert.Equal("2.17.2", await client.GetVersionAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("//")]
    public async Task A_path_prefix_is_kept_with_or_without_trailing_slashes(string trailing)
    {
        await using var prefixed = await MlflowDoubleServer.StartAsync(pathPrefix: "team/mlflow");
        var root = prefixed.BaseUrl.ToString().TrimEnd('/') + trailing;
        using var client = Client(new Uri(root));

        Assert.Equal("OK", await client.GetHealthAsync(CancellationToken.None));
        var page = await client.SearchExperimentsAsync(10, CancellationToken.None);
        Assert.Equal("Default", Assert.Single(page.Experiments).Name);
        Assert.Contains("GET /team/mlflow/api/2.0/mlflow/experiments/search", prefixed.Requests);
    }

    [Fact]
    public async Task Experiments_runs_and_metrics_round_trip_with_soft_deletes()
    {
        using var client = Client();
        var ct = CancellationToken.None;

        var experimentId = await client.CreateExperimentAsync("client-test", ct);
        var run = await client.CreateRunAsync(experimentId, "r1", DateTimeOffset.UtcNow, ct);
        Assert.Equal(experimentId, run.ExperimentId);
        Assert.Equal("RUNNING", run.Status);

        await client.LogMetricAsync(run.RunId, new MlflowMetric { Key = "loss", Value = 0.125, Timestamp = 1_700_000_000_000, Step = 3 }, ct);
        var read = await client.GetRunAsync(run.RunId, ct);
        var metric = Assert.Single(read.Data.Metrics);
        Assert.Equal(("loss", 0.125, 3L), (metric.Key, metric.Value, metric.Step));

        await client.DeleteRunAsync(run.RunId, ct);
        await client.DeleteRunAsync(run.RunId, ct);
        Assert.Equal("deleted", (await client.GetRunAsync(run.RunId, ct)).Info.LifecycleStage);

        await client.DeleteExperimentAsync(experimentId, ct);
        var again = await Assert.ThrowsAsync<MlflowRequestException>(() => client.DeleteExperimentAsync(experimentId, ct));
        Assert.True(again.Is(MlflowErrorCodes.ResourceDoesNotExist));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        var reuse = await Assert.ThrowsAsync<MlflowRequestException>(() => client.CreateExperimentAsync("client-test", ct));
        Assert.True(reuse.Is(MlflowErrorCodes.ResourceAlreadyExists));
        Assert.Equal(MlflowFailureKind.HttpError, reuse.Kind);
    }

    [Fact]
    public async Task Artifacts_go_through_the_proxy()
    {
        using var client = Client();
        var ct = CancellationToken.None;
        var content = Encoding.UTF8.GetBytes("hello, artifact proxy\n");

        await client.UploadArtifactAsync("1/abc/artifacts/dir name/hello.txt", content, ct);
        Assert.Contains("1/abc/artifacts/dir name/hello.txt", _server.Store.ArtifactPaths);
        Assert.Equal(content, await client.DownloadArtifactAsync("1/abc/artifacts/dir name/hello.txt", ct));

        var listed = Assert.Single(await client.ListArtifactsAsync("1/abc/artifacts/dir name", ct));
        Assert.Equal(("hello.txt", false, (long?)content.Length), (listed.Path, listed.IsDir, listed.FileSize));
        Assert.Empty(await client.ListArtifactsAsync("1/abc/artifacts/empty", ct));

        await client.DeleteArtifactAsync("1/abc/artifacts/dir name/hello.txt", ct);
        var missing = await Assert.ThrowsAsync<MlflowRequestException>(() => client.DownloadArtifactAsync("1/abc/artifacts/dir name/hello.txt", ct));
        Assert.Equal((HttpStatusCode.InternalServerError, MlflowErrorCodes.InternalError), (missing.StatusCode, missing.ErrorCode));
    }

    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts://mlflow.example.com:5000/1/abc/artifacts/", "1/abc/artifacts")]
    public void Artifact_uris_map_to_proxy_paths(string uri, string path)
    {
        Assert.True(MlflowArtifactPath.IsProxied(uri));
        Assert.Equal(path, MlflowArtifactPath.FromArtifactUri(uri));
        Assert.False(MlflowArtifactPath.IsProxied("s3://bucket/1/abc/artifacts"));
    }

    [Fact]
    public async Task An_unknown_path_is_an_http_error_without_an_error_code()
    {
        await using var prefixed = await MlflowDoubleServer.StartAsync(pathPrefix: "mlflow");
        using var client = Client(new Uri(prefixed.BaseUrl.GetLeftPart(UriPartial.Authority)));

        var e = await Assert.ThrowsAsync<MlflowRequestException>(() => client.GetHealthAsync(CancellationToken.None));
        Assert.Equal((MlflowFailureKind.HttpError, HttpStatusCode.NotFound, null), (e.Kind, e.StatusCode, e.ErrorCode));
        Assert.Equal("GET /health answered HTTP 404 Not Found", e.Message);
    }

    [Fact]
    public async Task A_slow_answer_is_a_timeout_not_a_cancellation()
    {
        _server.Faults.ResponseDelay = TimeSpan.FromSeconds(3);
        using var client = Client(timeout: TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAsync<MlflowRequestException>(() => client.GetHealthAsync(CancellationToken.None));
        Assert.Equal(MlflowFailureKind.TimedOut, e.Kind);
        Assert.Equal("GET /health did not answer within 200 ms", e.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        _server.Faults.ResponseDelay = TimeSpan.FromSeconds(3);
        using var client = Client(timeout: TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetHealthAsync(cancel.Token));
    }

    [Fact]
    public async Task A_refused_connection_is_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = Client(new Uri($"http://127.0.0.1:{port}/"));

        var e = await Assert.ThrowsAsync<MlflowRequestException>(() => client.GetHealthAsync(CancellationToken.None));
        Assert.Equal(MlflowFailureKind.Unreachable, e.Kind);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_from_search_is_a_contract_breach()
    {
        _server.Faults.MalformedSearchJson = true;
        using var client = Client();

        var e = await Assert.ThrowsAsync<MlflowRequestException>(() => client.SearchExperimentsAsync(10, CancellationToken.None));
        Assert.Equal(MlflowFailureKind.ContractBreach, e.Kind);
        Assert.StartsWith("GET /api/2.0/mlflow/experiments/search answered HTTP 200 but not with the documented JSON", e.Message);
    }

    [Fact]
    public async Task Basic_and_bearer_credentials_are_sent()
    {
        using (var basic = Client(credentials: MlflowCredentials.Basic("alice", "wonderland")))
        {
            await basic.GetVersionAsync(CancellationToken.None);
        }

        using (var bearer = Client(credentials: MlflowCredentials.Bearer("tok-123")))
        {
            await bearer.GetVersionAsync(CancellationToken.None);
        }

        Assert.Equal(
            ["Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:wonderland")), "Bearer tok-123"],
            _server.AuthorizationHeaders);
    }

    [Fact]
    public void Credentials_come_from_the_mlflow_variables_and_a_half_pair_is_refused()
    {
        static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
            name => vars.FirstOrDefault(v => v.Name == name).Value;

        Assert.False(MlflowCredentials.FromEnvironment(Env()).IsConfigured);
        Assert.Equal("basic auth as 'bob'", MlflowCredentials.FromEnvironment(Env(("MLFLOW_TRACKING_USERNAME", "bob"), ("MLFLOW_TRACKING_PASSWORD", "pw"))).Describe());
        Assert.StartsWith("bearer", MlflowCredentials.FromEnvironment(Env(("MLFLOW_TRACKING_TOKEN", "t"), ("MLFLOW_TRACKING_USERNAME", "bob"))).Describe());

        var e = Assert.Throws<ActionableError>(() => MlflowCredentials.FromEnvironment(Env(("MLFLOW_TRACKING_USERNAME", "bob"))));
        Assert.Contains("MLFLOW_TRACKING_PASSWORD", e.Message);
    }

    [Fact]
    public void A_url_with_credentials_in_it_is_refused_without_echoing_them()
    {
        var e = Assert.Throws<ActionableError>(() => Client(new Uri("https://bob:hunter2@mlflow.example.com/")));
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.Contains("MLFLOW_TRACKING_USERNAME", e.Message);
    }
}
