using System.Text.Json.Nodes;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>Fills a double's store directly (no HTTP), through the same operations its endpoints use.</summary>
public sealed class MlflowDoubleSeeder(MlflowDoubleStore store)
{
    public string Experiment(string name, params (string Key, string Value)[] tags) =>
        store.CreateExperiment(new JsonObject { ["name"] = name, ["tags"] = Pairs(tags) })["experiment_id"]!.GetValue<string>();

    public string Run(
        string experimentId,
        string name,
        long startTime,
        string status = "FINISHED",
        long? endTime = null,
        (string Key, string Value)[]? parameters = null,
        (string Key, string Value)[]? tags = null,
        string? userId = null)
    {
        var created = store.CreateRun(new JsonObject
        {
            ["experiment_id"] = experimentId, ["run_name"] = name, ["start_time"] = startTime, ["user_id"] = userId,
        });
        var runId = created["run"]!["info"]!["run_id"]!.GetValue<string>();
        foreach (var chunk in (parameters ?? []).Chunk(100))
        {
            store.LogBatch(new JsonObject { ["run_id"] = runId, ["params"] = Pairs(chunk) });
        }

        foreach (var chunk in (tags ?? []).Chunk(100))
        {
            store.LogBatch(new JsonObject { ["run_id"] = runId, ["tags"] = Pairs(chunk) });
        }

        if (status != "RUNNING" || endTime is not null)
        {
            store.UpdateRun(new JsonObject { ["run_id"] = runId, ["status"] = status, ["end_time"] = endTime ?? startTime + 60_000 });
        }

        return runId;
    }

    /// <summary>Logs <paramref name="steps"/> points of one metric, 1,000 per batch as a client would.</summary>
    public void Metric(string runId, string key, int steps, Func<int, double>? value = null, long firstTimestamp = 1_700_000_000_000)
    {
        value ??= i => 1.0 / (i + 1);
        foreach (var chunk in Enumerable.Range(0, steps).Chunk(1000))
        {
            var points = chunk.Select(i => (JsonNode)new JsonObject
            {
                ["key"] = key, ["value"] = Json(value(i)), ["timestamp"] = firstTimestamp + i, ["step"] = i,
            });
            store.LogBatch(new JsonObject { ["run_id"] = runId, ["metrics"] = new JsonArray([.. points]) });
        }
    }

    public void Points(string runId, params (string Key, double Value, long Timestamp, long Step)[] points) =>
        store.LogBatch(new JsonObject
        {
            ["run_id"] = runId,
            ["metrics"] = new JsonArray([.. points.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = Json(p.Value), ["timestamp"] = p.Timestamp, ["step"] = p.Step })]),
        });

    /// <summary>A file under the run's artifact root, wherever the double keeps that root.</summary>
    public void Artifact(string runId, string relativePath, byte[] content) =>
        store.PutArtifact($"{store.ArtifactKeyRoot(runId)}/{relativePath}", content);

    public void DeleteRun(string runId) => store.DeleteRun(new JsonObject { ["run_id"] = runId });

    public void DeleteExperiment(string experimentId) => store.DeleteExperiment(new JsonObject { ["experiment_id"] = experimentId });

    private static JsonArray Pairs(IEnumerable<(string Key, string Value)> pairs) =>
        new([.. pairs.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value })]);

    private static JsonNode Json(double value) =>
        double.IsNaN(value) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(value) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(value) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(value);
}
