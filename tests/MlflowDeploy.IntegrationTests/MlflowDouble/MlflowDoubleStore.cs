using System.Text.Json.Nodes;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// The double's tracking store: experiments, runs, metrics and proxied artifacts, with MLflow's soft deletes
/// and the status codes and error codes of the REST contract notes (observed on MLflow 2.17.2).
/// </summary>
public sealed class MlflowDoubleStore
{
    public const int MaxSearchResults = 50000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ExperimentRecord> _experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunRecord> _runs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, byte[]> _artifacts = new(StringComparer.Ordinal);
    private readonly bool _serveArtifacts;
    private int _nextExperimentId = 1;

    public MlflowDoubleStore(bool serveArtifacts)
    {
        _serveArtifacts = serveArtifacts;
        var now = Now();
        _experiments["0"] = new ExperimentRecord("0", "Default", ArtifactRoot("0"), "active", now, now);
    }

    public sealed record ExperimentRecord(string Id, string Name, string ArtifactLocation, string LifecycleStage, long CreationTime, long LastUpdateTime);

    public sealed record MetricRecord(string Key, double Value, long Timestamp, long Step);

    public sealed record RunRecord(
        string RunId, string ExperimentId, string RunName, long StartTime, string ArtifactUri, string LifecycleStage, IReadOnlyList<MetricRecord> Metrics);

    public IReadOnlyList<ExperimentRecord> Experiments
    {
        get
        {
            lock (_lock)
            {
                return _experiments.Values.ToList();
            }
        }
    }

    public IReadOnlyList<RunRecord> Runs
    {
        get
        {
            lock (_lock)
            {
                return _runs.Values.ToList();
            }
        }
    }

    public IReadOnlyList<string> ArtifactPaths
    {
        get
        {
            lock (_lock)
            {
                return _artifacts.Keys.ToList();
            }
        }
    }

    public JsonObject SearchExperiments(string? maxResults, string? viewType)
    {
        var max = 1000;
        if (maxResults is not null && (!int.TryParse(maxResults, out max) || max < 1))
        {
            throw MlflowDoubleError.InvalidParameter($"Invalid value {maxResults} for parameter 'max_results' supplied.");
        }

        if (max > MaxSearchResults)
        {
            throw MlflowDoubleError.InvalidParameter($"Invalid value {max} for parameter 'max_results' supplied. It must be at most {MaxSearchResults}, but got value {max}");
        }

        var stages = (viewType ?? "ACTIVE_ONLY") switch
        {
            "ACTIVE_ONLY" or "1" => new[] { "active" },
            "DELETED_ONLY" or "2" => ["deleted"],
            "ALL" or "3" => ["active", "deleted"],
            _ => throw MlflowDoubleError.InvalidParameter($"Invalid value {viewType} for parameter 'view_type' supplied."),
        };

        lock (_lock)
        {
            var list = _experiments.Values
                .Where(e => stages.Contains(e.LifecycleStage))
                .OrderByDescending(e => e.LastUpdateTime).ThenBy(e => int.Parse(e.Id))
                .Take(max)
                .Select(e => (JsonNode)new JsonObject
                {
                    ["experiment_id"] = e.Id,
                    ["name"] = e.Name,
                    ["artifact_location"] = e.ArtifactLocation,
                    ["lifecycle_stage"] = e.LifecycleStage,
                    ["last_update_time"] = e.LastUpdateTime,
                    ["creation_time"] = e.CreationTime,
                })
                .ToArray();

            // Protobuf's JSON form leaves empty lists out.
            return list.Length == 0 ? new JsonObject() : new JsonObject { ["experiments"] = new JsonArray(list) };
        }
    }

    public JsonObject CreateExperiment(JsonObject body)
    {
        var name = RequiredString(body, "name");
        lock (_lock)
        {
            // A deleted experiment keeps its name (the unique constraint is on the table, not on active rows).
            if (_experiments.Values.Any(e => e.Name == name))
            {
                throw MlflowDoubleError.AlreadyExists($"Experiment(name={name}) already exists. Error: (psycopg2.errors.UniqueViolation) duplicate key value violates unique constraint \"experiments_name_key\"");
            }

            var id = (_nextExperimentId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var now = Now();
            _experiments[id] = new ExperimentRecord(id, name, ArtifactRoot(id), "active", now, now);
            return new JsonObject { ["experiment_id"] = id };
        }
    }

    public JsonObject DeleteExperiment(JsonObject body)
    {
        var id = RequiredString(body, "experiment_id");
        lock (_lock)
        {
            if (!_experiments.TryGetValue(id, out var experiment) || experiment.LifecycleStage != "active")
            {
                throw MlflowDoubleError.DoesNotExist($"No Experiment with id={id} exists");
            }

            _experiments[id] = experiment with { LifecycleStage = "deleted", LastUpdateTime = Now() };
            foreach (var run in _runs.Values.Where(r => r.ExperimentId == id).ToList())
            {
                _runs[run.RunId] = run with { LifecycleStage = "deleted" };
            }

            return new JsonObject();
        }
    }

    public JsonObject CreateRun(JsonObject body)
    {
        var experimentId = OptionalString(body, "experiment_id") ?? "0";
        var startTime = OptionalLong(body, "start_time") ?? Now();
        lock (_lock)
        {
            if (!_experiments.TryGetValue(experimentId, out var experiment))
            {
                throw MlflowDoubleError.DoesNotExist($"No Experiment with id={experimentId} exists");
            }

            if (experiment.LifecycleStage != "active")
            {
                throw MlflowDoubleError.InvalidParameter($"The experiment {experimentId} must be in the 'active' state. Current state is {experiment.LifecycleStage}.");
            }

            var runId = Guid.NewGuid().ToString("N");
            var runName = OptionalString(body, "run_name") ?? $"double-run-{_runs.Count + 1}";
            var run = new RunRecord(runId, experimentId, runName, startTime, $"{experiment.ArtifactLocation}/{runId}/artifacts", "active", []);
            _runs[runId] = run;
            return new JsonObject { ["run"] = RunJson(run, includeInputs: false) };
        }
    }

    public JsonObject LogMetric(JsonObject body)
    {
        var runId = RequiredString(body, "run_id", alias: "run_uuid");
        var key = RequiredString(body, "key");
        var value = RequiredDouble(body, "value");
        var timestamp = OptionalLong(body, "timestamp") ?? throw Missing("timestamp");
        var step = OptionalLong(body, "step") ?? 0;
        lock (_lock)
        {
            var run = ActiveRun(runId);
            _runs[runId] = run with { Metrics = [.. run.Metrics, new MetricRecord(key, value, timestamp, step)] };
            return new JsonObject();
        }
    }

    public JsonObject GetRun(string? runId)
    {
        if (string.IsNullOrEmpty(runId))
        {
            throw Missing("run_id");
        }

        lock (_lock)
        {
            if (!_runs.TryGetValue(runId, out var run))
            {
                throw MlflowDoubleError.DoesNotExist($"Run with id={runId} not found");
            }

            return new JsonObject { ["run"] = RunJson(run, includeInputs: true) };
        }
    }

    public JsonObject DeleteRun(JsonObject body)
    {
        var runId = RequiredString(body, "run_id");
        lock (_lock)
        {
            if (!_runs.TryGetValue(runId, out var run))
            {
                throw MlflowDoubleError.DoesNotExist($"Run with id={runId} not found");
            }

            _runs[runId] = run with { LifecycleStage = "deleted" };
            return new JsonObject();
        }
    }

    public void PutArtifact(string path, byte[] content)
    {
        lock (_lock)
        {
            _artifacts[path] = content;
        }
    }

    public byte[] GetArtifact(string path)
    {
        lock (_lock)
        {
            return _artifacts.TryGetValue(path, out var content)
                ? content
                : throw MlflowDoubleError.Internal($"An error occurred (404) when calling the HeadObject operation: Not Found ({path})");
        }
    }

    public void DeleteArtifact(string path)
    {
        lock (_lock)
        {
            foreach (var key in _artifacts.Keys.Where(k => k == path || k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
            {
                _artifacts.Remove(key);
            }
        }
    }

    public JsonObject ListArtifacts(string? folder)
    {
        var prefix = string.IsNullOrEmpty(folder) ? string.Empty : folder.Trim('/') + "/";
        lock (_lock)
        {
            var entries = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var (path, content) in _artifacts.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var rest = path[prefix.Length..];
                var slash = rest.IndexOf('/');
                entries[slash < 0 ? rest : rest[..slash]] = slash < 0
                    ? new JsonObject { ["path"] = rest, ["is_dir"] = false, ["file_size"] = content.Length }
                    : new JsonObject { ["path"] = rest[..slash], ["is_dir"] = true };
            }

            return entries.Count == 0 ? new JsonObject() : new JsonObject { ["files"] = new JsonArray([.. entries.Values]) };
        }
    }

    private RunRecord ActiveRun(string runId)
    {
        if (!_runs.TryGetValue(runId, out var run))
        {
            throw MlflowDoubleError.DoesNotExist($"Run with id={runId} not found");
        }

        if (run.LifecycleStage != "active")
        {
            throw MlflowDoubleError.InvalidParameter($"The run {runId} must be in the 'active' state. Current state is {run.LifecycleStage}.");
        }

        return run;
    }

    private static JsonObject RunJson(RunRecord run, bool includeInputs)
    {
        var info = new JsonObject
        {
            ["run_uuid"] = run.RunId,
            ["experiment_id"] = run.ExperimentId,
            ["run_name"] = run.RunName,
            ["user_id"] = string.Empty,
            ["status"] = "RUNNING",
            ["start_time"] = run.StartTime,
            ["artifact_uri"] = run.ArtifactUri,
            ["lifecycle_stage"] = run.LifecycleStage,
            ["run_id"] = run.RunId,
        };

        // runs/get shows the latest value per key: the highest step, then the newest timestamp.
        var latest = run.Metrics
            .GroupBy(m => m.Key)
            .Select(g => g.OrderByDescending(m => m.Step).ThenByDescending(m => m.Timestamp).First())
            .Select(m => (JsonNode)new JsonObject { ["key"] = m.Key, ["value"] = m.Value, ["timestamp"] = m.Timestamp, ["step"] = m.Step })
            .ToArray();
        var data = new JsonObject();
        if (latest.Length > 0)
        {
            data["metrics"] = new JsonArray(latest);
        }

        data["tags"] = new JsonArray(new JsonObject { ["key"] = "mlflow.runName", ["value"] = run.RunName });
        var result = new JsonObject { ["info"] = info, ["data"] = data };
        if (includeInputs)
        {
            result["inputs"] = new JsonObject();
        }

        return result;
    }

    private string ArtifactRoot(string experimentId) =>
        _serveArtifacts ? $"mlflow-artifacts:/{experimentId}" : $"s3://mlflow-double-artifacts/{experimentId}";

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static MlflowDoubleError Missing(string field) =>
        MlflowDoubleError.InvalidParameter($"Missing value for required parameter '{field}'. See the API docs for more information about request parameters.");

    private static string RequiredString(JsonObject body, string field, string? alias = null) =>
        OptionalString(body, field) ?? (alias is null ? null : OptionalString(body, alias)) ?? throw Missing(field);

    private static string? OptionalString(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text.Length == 0 ? null : text;
        }

        throw MlflowDoubleError.InvalidParameter($"Invalid value {node.ToJsonString()} for parameter '{field}' supplied.");
    }

    private static long? OptionalLong(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        // Protobuf's JSON form accepts int64 as a number or a string.
        if (node is JsonValue value && (value.TryGetValue<long>(out var number)
            || (value.TryGetValue<string>(out var text) && long.TryParse(text, out number))))
        {
            return number;
        }

        throw MlflowDoubleError.InvalidParameter($"Invalid value {node.ToJsonString()} for parameter '{field}' supplied.");
    }

    private static double RequiredDouble(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            throw Missing(field);
        }

        if (node is JsonValue value && value.TryGetValue<double>(out var number))
        {
            return number;
        }

        throw MlflowDoubleError.InvalidParameter($"Invalid value {node.ToJsonString()} for parameter '{field}' supplied.");
    }
}
