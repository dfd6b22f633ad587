using System.Net;
using System.Text;
using System.Text.Json;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// Holds the double to the observed REST contract with a plain HttpClient, so that client and check tests
/// run against the server's behaviour rather than against the client's assumptions.
/// </summary>
public sealed class MlflowDoubleContractTests : IAsyncLifetime
{
    private MlflowDoubleServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await MlflowDoubleServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Uri Url(string relative) => new(_server.BaseUrl, relative);

    private async Task<(HttpStatusCode Status, string? MediaType, string Body)> SendAsync(HttpMethod method, string relative, string? json = null, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, Url(relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static string ErrorCode(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error_code").GetString()!;

    [Fact]
    public async Task Health_and_version_answer_text_html()
    {
        Assert.Equal((HttpStatusCode.OK, "text/html", "OK"), await SendAsync(HttpMethod.Get, "health"));
        Assert.Equal((HttpStatusCode.OK, "text/html", "2.17.2"), await SendAsync(HttpMethod.Get, "version"));
    }

    [Fact]
    public async Task Unknown_paths_and_wrong_methods_answer_html_404_and_405()
    {
        var unknown = await SendAsync(HttpMethod.Get, "api/2.0/mlflow/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("text/html", unknown.MediaType);

        var wrong = await SendAsync(HttpMethod.Get, "api/2.0/mlflow/experiments/create");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong.Status);
        Assert.Contains("<title>405 Method Not Allowed</title>", wrong.Body);
    }

    [Fact]
    public async Task Search_lists_active_experiments_and_bounds_max_results()
    {
        var search = await SendAsync(HttpMethod.Get, "api/2.0/mlflow/experiments/search?max_results=10");
        Assert.Equal(HttpStatusCode.OK, search.Status);
        Assert.Equal("application/json", search.MediaType);
        var first = JsonDocument.Parse(search.Body).RootElement.GetProperty("experiments")[0];
        Assert.Equal("0", first.GetProperty("experiment_id").GetString());
        Assert.Equal("Default", first.GetProperty("name").GetString());

        var tooMany = await SendAsync(HttpMethod.Get, "api/2.0/mlflow/experiments/search?max_results=100000");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("INVALID_PARAMETER_VALUE", ErrorCode(tooMany.Body));
    }

    [Fact]
    public async Task Create_needs_a_name_and_the_json_content_type_and_a_name_is_never_reused()
    {
        var created = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/create", "{\"name\":\"X\"}");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("experiment_id");
        Assert.Equal(JsonValueKind.String, id.ValueKind);

        var noName = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/create", "{}");
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (noName.Status, ErrorCode(noName.Body)));

        var textPlain = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/create", "{\"name\":\"Y\"}", "text/plain");
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (textPlain.Status, ErrorCode(textPlain.Body)));

        var deleted = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/delete", $"{{\"experiment_id\":\"{id.GetString()}\"}}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        var again = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/create", "{\"name\":\"X\"}");
        Assert.Equal((HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS"), (again.Status, ErrorCode(again.Body)));

        var deleteAgain = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/delete", $"{{\"experiment_id\":\"{id.GetString()}\"}}");
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (deleteAgain.Status, ErrorCode(deleteAgain.Body)));
    }

    [Fact]
    public async Task Runs_follow_the_error_codes_of_the_notes()
    {
        var unknownExperiment = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/runs/create", "{\"experiment_id\":\"999\"}");
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (unknownExperiment.Status, ErrorCode(unknownExperiment.Body)));

        var run = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\",\"start_time\":1}");
        var info = JsonDocument.Parse(run.Body).RootElement.GetProperty("run").GetProperty("info");
        var runId = info.GetProperty("run_id").GetString();
        Assert.Equal("RUNNING", info.GetProperty("status").GetString());
        Assert.StartsWith("mlflow-artifacts:/0/", info.GetProperty("artifact_uri").GetString());

        var noValue = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/runs/log-metric", $"{{\"run_id\":\"{runId}\",\"key\":\"k\",\"timestamp\":1}}");
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (noValue.Status, ErrorCode(noValue.Body)));

        var unknownRun = await SendAsync(HttpMethod.Get, "api/2.0/mlflow/runs/get?run_id=nope");
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (unknownRun.Status, ErrorCode(unknownRun.Body)));
        var noRunId = await SendAsync(HttpMethod.Get, "api/2.0/mlflow/runs/get");
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (noRunId.Status, ErrorCode(noRunId.Body)));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "api/2.0/mlflow/runs/delete", $"{{\"run_id\":\"{runId}\"}}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "api/2.0/mlflow/runs/delete", $"{{\"run_id\":\"{runId}\"}}")).Status);
        var got = await SendAsync(HttpMethod.Get, $"api/2.0/mlflow/runs/get?run_id={runId}");
        Assert.Equal("deleted", JsonDocument.Parse(got.Body).RootElement.GetProperty("run").GetProperty("info").GetProperty("lifecycle_stage").GetString());

        var onDeleted = await SendAsync(HttpMethod.Post, "api/2.0/mlflow/runs/log-metric", $"{{\"run_id\":\"{runId}\",\"key\":\"k\",\"value\":1,\"timestamp\":1}}");
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (onDeleted.Status, ErrorCode(onDeleted.Body)));
    }

    [Fact]
    public async Task A_missing_artifact_is_a_500_internal_error_and_an_empty_folder_lists_as_an_empty_object()
    {
        var missing = await SendAsync(HttpMethod.Get, "api/2.0/mlflow-artifacts/artifacts/0/none/artifacts/x.txt");
        Assert.Equal((HttpStatusCode.InternalServerError, "INTERNAL_ERROR"), (missing.Status, ErrorCode(missing.Body)));

        var empty = await SendAsync(HttpMethod.Get, "api/2.0/mlflow-artifacts/artifacts?path=0/none");
        Assert.Equal((HttpStatusCode.OK, "{}"), (empty.Status, empty.Body));
    }
}
