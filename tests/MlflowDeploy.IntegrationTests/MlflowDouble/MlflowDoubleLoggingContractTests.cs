using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// Holds the double to the notes' limits and behaviours that copying data relies on (log-batch, params,
/// runs/search, get-history, deleted names, basic auth), with a plain HttpClient.
/// </summary>
public sealed class MlflowDoubleLoggingContractTests : IAsyncLifetime
{
    private MlflowDoubleServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await MlflowDoubleServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string endpoint, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(_server.BaseUrl, "api/2.0/mlflow/" + endpoint), content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string relative)
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseUrl, relative));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private async Task<string> NewRunAsync()
    {
        var (_, body) = await PostAsync("runs/create", new JsonObject { ["experiment_id"] = "0", ["start_time"] = 1 });
        return body["run"]!["info"]!["run_id"]!.GetValue<string>();
    }

    private static JsonArray Metrics(int count, string key = "m") =>
        new([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["key"] = key, ["value"] = i, ["timestamp"] = 1000 + i, ["step"] = i })]);

    private static JsonArray Pairs(int count, string prefix, string value = "v") =>
        new([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["key"] = $"{prefix}{i}", ["value"] = value })]);

    private static string Code(JsonObject body) => body["error_code"]!.GetValue<string>();

    [Theory]
    [InlineData(1001, 0, 0)]
    [InlineData(0, 101, 0)]
    [InlineData(0, 0, 101)]
    [InlineData(900, 100, 1)]
    public async Task Log_batch_over_a_limit_is_refused_and_logs_nothing(int metrics, int parameters, int tags)
    {
        var runId = await NewRunAsync();

        var (status, body) = await PostAsync("runs/log-batch", new JsonObject
        {
            ["run_id"] = runId, ["metrics"] = Metrics(metrics), ["params"] = Pairs(parameters, "p"), ["tags"] = Pairs(tags, "t"),
        });

        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (status, Code(body)));
        Assert.StartsWith("A batch logging request can contain at most", body["message"]!.GetValue<string>());
        var run = Assert.Single(_server.Store.Runs);
        Assert.Empty(run.Metrics);
        Assert.Empty(run.Params);
    }

    [Fact]
    public async Task Log_batch_at_the_limits_is_accepted()
    {
        var runId = await NewRunAsync();

        var (status, _) = await PostAsync("runs/log-batch", new JsonObject { ["run_id"] = runId, ["metrics"] = Metrics(1000) });
        var (status2, _) = await PostAsync("runs/log-batch", new JsonObject { ["run_id"] = runId, ["params"] = Pairs(100, "p"), ["tags"] = Pairs(100, "t") });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (status, status2));
        Assert.Equal(1000, Assert.Single(_server.Store.Runs).Metrics.Count);
    }

    [Fact]
    public async Task A_param_may_be_logged_again_with_its_value_but_changing_it_refuses_the_whole_batch()
    {
        var runId = await NewRunAsync();
        await PostAsync("runs/log-batch", new JsonObject { ["run_id"] = runId, ["params"] = Pairs(1, "lr", "0.1") });

        var same = await PostAsync("runs/log-batch", new JsonObject { ["run_id"] = runId, ["params"] = Pairs(1, "lr", "0.1") });
        var changed = await PostAsync("runs/log-batch", new JsonObject
        {
            ["run_id"] = runId, ["params"] = Pairs(1, "lr", "0.2"), ["metrics"] = Metrics(3), ["tags"] = Pairs(1, "t"),
        });

        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (changed.Status, Code(changed.Body)));
        Assert.StartsWith("Changing param values is not allowed", changed.Body["message"]!.GetValue<string>());
        var run = Assert.Single(_server.Store.Runs);
        Assert.Equal("0.1", run.Params["lr0"]);
        Assert.Empty(run.Metrics);
        Assert.False(run.Tags.ContainsKey("t0"));
    }

    [Fact]
    public async Task Get_history_returns_every_point_whatever_max_results_says_and_no_page_token()
    {
        var runId = await NewRunAsync();
        await PostAsync("runs/log-batch", new JsonObject { ["run_id"] = runId, ["metrics"] = Metrics(1000) });

        var (status, body) = await GetAsync($"api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=m&max_results=10");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1000, body["metrics"]!.AsArray().Count);
        Assert.False(body.ContainsKey("next_page_token"));
    }

    [Fact]
    public async Task Metric_values_keep_nan_as_a_string_an_exact_repeat_once_and_infinity_as_the_largest_double()
    {
        var runId = await NewRunAsync();
        var metrics = new JsonArray(
            new JsonObject { ["key"] = "m", ["value"] = "NaN", ["timestamp"] = 1, ["step"] = 0 },
            new JsonObject { ["key"] = "m", ["value"] = "Infinity", ["timestamp"] = 2, ["step"] = 1 },
            new JsonObject { ["key"] = "m", ["value"] = 0.5, ["timestamp"] = 3, ["step"] = 2 },
            new JsonObject { ["key"] = "m", ["value"] = 0.5, ["timestamp"] = 3, ["step"] = 2 });
        await PostAsync("runs/log-batch", new JsonObject { ["run_id"] = runId, ["metrics"] = metrics });

        var (_, body) = await GetAsync($"api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=m");

        var values = body["metrics"]!.AsArray().Select(m => m!["value"]!.ToJsonString()).ToList();
        Assert.Equal(["\"NaN\"", "1.7976931348623157E+308", "0.5"], values);
    }

    [Fact]
    public async Task Runs_search_pages_with_a_token_and_bounds_max_results()
    {
        for (var i = 0; i < 5; i++)
        {
            await NewRunAsync();
        }

        var first = await PostAsync("runs/search", new JsonObject { ["experiment_ids"] = new JsonArray("0"), ["max_results"] = 3 });
        var token = first.Body["next_page_token"]!.GetValue<string>();
        var second = await PostAsync("runs/search", new JsonObject { ["experiment_ids"] = new JsonArray("0"), ["max_results"] = 3, ["page_token"] = token });
        var tooMany = await PostAsync("runs/search", new JsonObject { ["experiment_ids"] = new JsonArray("0"), ["max_results"] = 50001 });
        var most = await PostAsync("runs/search", new JsonObject { ["experiment_ids"] = new JsonArray("0"), ["max_results"] = 50000 });

        Assert.Equal(3, first.Body["runs"]!.AsArray().Count);
        Assert.Equal(2, second.Body["runs"]!.AsArray().Count);
        Assert.False(second.Body.ContainsKey("next_page_token"));
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (tooMany.Status, Code(tooMany.Body)));
        Assert.Equal(5, most.Body["runs"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_deleted_experiment_keeps_its_name_and_get_by_name_shows_it_deleted()
    {
        var (_, created) = await PostAsync("experiments/create", new JsonObject { ["name"] = "kept" });
        var id = created["experiment_id"]!.GetValue<string>();
        await PostAsync("experiments/delete", new JsonObject { ["experiment_id"] = id });

        var again = await PostAsync("experiments/create", new JsonObject { ["name"] = "kept" });
        var (status, byName) = await GetAsync("api/2.0/mlflow/experiments/get-by-name?experiment_name=kept");
        var runInDeleted = await PostAsync("runs/create", new JsonObject { ["experiment_id"] = id });
        var missing = await GetAsync("api/2.0/mlflow/experiments/get-by-name?experiment_name=never");

        Assert.Equal((HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS"), (again.Status, Code(again.Body)));
        Assert.Equal((HttpStatusCode.OK, "deleted"), (status, byName["experiment"]!["lifecycle_stage"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (runInDeleted.Status, Code(runInDeleted.Body)));
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (missing.Status, Code(missing.Body)));
    }

    [Fact]
    public async Task Runs_update_answers_the_run_info()
    {
        var runId = await NewRunAsync();

        var (status, body) = await PostAsync("runs/update", new JsonObject { ["run_id"] = runId, ["status"] = "FINISHED", ["end_time"] = 99 });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("FINISHED", 99L), (body["run_info"]!["status"]!.GetValue<string>(), body["run_info"]!["end_time"]!.GetValue<long>()));
    }

    [Fact]
    public async Task With_basic_auth_only_health_answers_without_credentials()
    {
        _server.Faults.RequiredBasicAuth = ("admin", "password");

        using var health = await _http.GetAsync(new Uri(_server.BaseUrl, "health"));
        using var version = await _http.GetAsync(new Uri(_server.BaseUrl, "version"));
        using var search = await _http.GetAsync(new Uri(_server.BaseUrl, "api/2.0/mlflow/experiments/search?max_results=1"));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUrl, "api/2.0/mlflow/experiments/search?max_results=1"));
        wrong.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:nope")));
        using var wrongAnswer = await _http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (version.StatusCode, search.StatusCode, wrongAnswer.StatusCode));
        Assert.Equal("Basic realm=\"mlflow\"", search.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Without_serve_artifacts_the_proxy_is_disabled_but_the_tracking_api_lists_and_serves_a_runs_files()
    {
        await using var direct = await MlflowDoubleServer.StartAsync(serveArtifacts: false);
        using var content = new StringContent("{\"experiment_id\":\"0\"}", Encoding.UTF8, "application/json");
        using var created = await _http.PostAsync(new Uri(direct.BaseUrl, "api/2.0/mlflow/runs/create"), content);
        var runId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        direct.Store.PutArtifact($"{direct.Store.ArtifactKeyRoot(runId)}/model/MLmodel", "flavors: {}"u8.ToArray());

        using var proxy = await _http.GetAsync(new Uri(direct.BaseUrl, "api/2.0/mlflow-artifacts/artifacts?path=0"));
        var listed = JsonNode.Parse(await _http.GetStringAsync(new Uri(direct.BaseUrl, $"api/2.0/mlflow/artifacts/list?run_id={runId}&path=model")))!;
        var file = await _http.GetStringAsync(new Uri(direct.BaseUrl, $"get-artifact?path=model/MLmodel&run_uuid={runId}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, proxy.StatusCode);
        Assert.StartsWith("s3://", listed["root_uri"]!.GetValue<string>());
        Assert.Equal("model/MLmodel", listed["files"]![0]!["path"]!.GetValue<string>());
        Assert.Equal("flavors: {}", file);
    }
}
