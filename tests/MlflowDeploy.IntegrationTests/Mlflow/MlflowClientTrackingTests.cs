using System.Text;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Tests.MlflowDouble;

namespace MlflowDeploy.Tests.Mlflow;

/// <summary>The client calls a copy between servers needs, against the MLflow double.</summary>
public sealed class MlflowClientTrackingTests : IAsyncLifetime
{
    private MlflowDoubleServer _server = null!;
    private MlflowClient _client = null!;
    private readonly CancellationToken _ct = CancellationToken.None;

    public async Task InitializeAsync()
    {
        _server = await MlflowDoubleServer.StartAsync();
        _client = new MlflowClient(new MlflowClientOptions { BaseUrl = _server.BaseUrl, RequestTimeout = TimeSpan.FromSeconds(10) });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Experiments_page_by_token_carry_tags_and_are_found_by_name_even_when_deleted()
    {
        var id = await _client.CreateExperimentAsync("tagged", [new MlflowTag("team", "vision")], _ct);
        await _client.SetExperimentTagAsync(id, new MlflowTag("mlflow.note.content", "notes"), _ct);
        await _client.CreateExperimentAsync("other", [], _ct);

        var first = await _client.SearchExperimentsAsync(MlflowViewType.All, 2, null, _ct);
        var second = await _client.SearchExperimentsAsync(MlflowViewType.All, 2, first.NextPageToken, _ct);
        await _client.DeleteExperimentAsync(id, _ct);
        var deleted = await _client.GetExperimentByNameAsync("tagged", _ct);

        Assert.Equal(3, first.Experiments.Count + second.Experiments.Count);
        Assert.Equal(["Default", "other", "tagged"], first.Experiments.Concat(second.Experiments).Select(e => e.Name).Order());
        Assert.Equal(MlflowLifecycleStage.Deleted, deleted!.LifecycleStage);
        Assert.Equal([new MlflowTag("team", "vision"), new MlflowTag("mlflow.note.content", "notes")], deleted.Tags);
        Assert.Null(await _client.GetExperimentByNameAsync("never", _ct));
    }

    [Fact]
    public async Task A_run_created_with_tags_logs_batches_and_is_found_by_a_tag_filter()
    {
        var run = await _client.CreateRunAsync(new MlflowRunCreation
        {
            ExperimentId = "0", RunName = "copy", StartTime = 1_700_000_000_000, UserId = "alice", Tags = [new MlflowTag("source", "abc")],
        }, _ct);
        await _client.LogBatchAsync(run.Info.RunId, new MlflowLogBatch
        {
            Params = [new MlflowParam("lr", "0.1"), new MlflowParam("empty")],
            Tags = [new MlflowTag("mlflow.user", "alice")],
            Metrics =
            [
                new MlflowMetric { Key = "loss", Value = double.NaN, Timestamp = 1, Step = 0 },
                new MlflowMetric { Key = "loss", Value = double.PositiveInfinity, Timestamp = 2, Step = 1 },
                new MlflowMetric { Key = "loss", Value = 0.25, Timestamp = 3, Step = 2 },
            ],
        }, _ct);
        var info = await _client.UpdateRunAsync(run.Info.RunId, "FINISHED", 1_700_000_000_500, _ct);

        var found = await _client.SearchRunsAsync(new MlflowRunSearch { ExperimentIds = ["0"], Filter = "tags.`source` = 'abc'" }, _ct);
        var history = await _client.GetMetricHistoryAsync(run.Info.RunId, "loss", _ct);

        Assert.Equal(("FINISHED", 1_700_000_000_500L), (info.Status, info.EndTime));
        var copy = Assert.Single(found.Runs);
        Assert.Equal(("copy", "alice"), (copy.Info.RunName, copy.Info.UserId));
        Assert.Contains(new MlflowTag("mlflow.runName", "copy"), copy.Data.Tags);
        Assert.Contains(new MlflowParam("empty", string.Empty), copy.Data.Params);
        Assert.True(double.IsNaN(history[0].Value));
        Assert.Equal(double.MaxValue, history[1].Value);
        Assert.Equal(0.25, history[2].Value);
    }

    [Fact]
    public async Task Metric_history_follows_page_tokens_when_the_server_pages()
    {
        _server.Store.MetricHistoryPageSize = 7;
        var run = await _client.CreateRunAsync(new MlflowRunCreation { ExperimentId = "0" }, _ct);
        await _client.LogBatchAsync(run.Info.RunId, new MlflowLogBatch
        {
            Metrics = [.. Enumerable.Range(0, 50).Select(i => new MlflowMetric { Key = "m", Value = i, Timestamp = i, Step = i })],
        }, _ct);

        var history = await _client.GetMetricHistoryAsync(run.Info.RunId, "m", _ct);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), history.Select(p => p.Step));
        Assert.Equal(8, _server.Requests.Count(r => r.EndsWith("metrics/get-history", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Artifacts_stream_through_the_proxy_and_through_get_artifact()
    {
        var run = await _client.CreateRunAsync(new MlflowRunCreation { ExperimentId = "0" }, _ct);
        var root = MlflowArtifactPath.FromArtifactUri(run.Info.ArtifactUri);
        var content = Encoding.UTF8.GetBytes(new string('x', 200_000));

        await _client.UploadArtifactAsync($"{root}/model/data/weights.bin", new MemoryStream(content), TimeSpan.FromSeconds(10), _ct);
        using var viaProxy = new MemoryStream();
        var proxied = await _client.DownloadArtifactAsync($"{root}/model/data/weights.bin", viaProxy, TimeSpan.FromSeconds(10), _ct);
        using var viaTracking = new MemoryStream();
        var tracked = await _client.DownloadRunArtifactAsync(run.Info.RunId, "model/data/weights.bin", viaTracking, TimeSpan.FromSeconds(10), _ct);
        var listed = await _client.ListRunArtifactsAsync(run.Info.RunId, "model", _ct);

        Assert.Equal((content.Length, content.Length), ((int)proxied, (int)tracked));
        Assert.Equal(content, viaProxy.ToArray());
        Assert.Equal(content, viaTracking.ToArray());
        Assert.Equal(("model/data", true), (Assert.Single(listed).Path, listed[0].IsDir));
    }
}
