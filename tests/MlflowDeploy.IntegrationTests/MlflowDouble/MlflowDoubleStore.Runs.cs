using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static MlflowDeploy.Tests.MlflowDouble.MlflowDoubleFields;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>Runs: create (with tags and the mlflow.runName rule), get, update, set-tag, soft delete and search.</summary>
public sealed partial class MlflowDoubleStore
{
    private const string RunNameTag = "mlflow.runName";

    private static readonly string[] RunStatuses = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

    /// <summary>The only filter the double understands: <c>tags.key = 'value'</c>, the key bare, in backticks or in double quotes.</summary>
    private static readonly Regex TagEqualsFilter = new(
        "^\\s*tags\\.(?:`(?<key>[^`]+)`|\"(?<key>[^\"]+)\"|(?<key>[\\w./\\- ]+?))\\s*=\\s*(?:'(?<value>[^']*)'|\"(?<value>[^\"]*)\")\\s*$",
        RegexOptions.CultureInvariant);

    public JsonObject CreateRun(JsonObject body)
    {
        var experimentId = OptionalString(body, "experiment_id") ?? "0";
        var startTime = OptionalLong(body, "start_time") ?? Now();
        var requestedName = OptionalString(body, "run_name");
        var userId = OptionalString(body, "user_id") ?? string.Empty;
        var tags = ObjectArray(body, "tags").Select(t => (Key: RequiredString(t, "key"), Value: StringOrEmpty(t, "value"))).ToList();
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

            var nameTag = tags.LastOrDefault(t => t.Key == RunNameTag).Value;
            if (requestedName is not null && !string.IsNullOrEmpty(nameTag) && requestedName != nameTag)
            {
                throw MlflowDoubleError.InvalidParameter(
                    $"Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='{requestedName}', mlflow.runName='{nameTag}').");
            }

            var runId = Guid.NewGuid().ToString("N");
            var run = new RunState
            {
                RunId = runId,
                ExperimentId = experimentId,
                Name = requestedName ?? (string.IsNullOrEmpty(nameTag) ? $"double-run-{_runs.Count + 1}" : nameTag),
                StartTime = startTime,
                UserId = userId,
                ArtifactUri = $"{experiment.ArtifactLocation}/{runId}/artifacts",
            };
            foreach (var (key, value) in tags)
            {
                run.Tags[key] = value;
            }

            run.Tags[RunNameTag] = run.Name;
            _runs[runId] = run;
            return new JsonObject { ["run"] = run.ToJson(includeInputs: true) };
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
            return _runs.TryGetValue(runId, out var run)
                ? new JsonObject { ["run"] = run.ToJson(includeInputs: true) }
                : throw MlflowDoubleError.DoesNotExist($"Run with id={runId} not found");
        }
    }

    public JsonObject UpdateRun(JsonObject body)
    {
        var runId = RequiredString(body, "run_id", alias: "run_uuid");
        var status = OptionalString(body, "status");
        var endTime = OptionalLong(body, "end_time");
        var runName = OptionalString(body, "run_name");
        if (status is not null && !RunStatuses.Contains(status))
        {
            throw MlflowDoubleError.InvalidParameter($"Invalid value \"{status}\" for parameter 'status' supplied.");
        }

        lock (_lock)
        {
            var run = ActiveRun(runId);
            run.Status = status ?? run.Status;
            run.EndTime = endTime ?? run.EndTime;
            if (runName is not null)
            {
                run.Name = runName;
                run.Tags[RunNameTag] = runName;
            }

            return new JsonObject { ["run_info"] = run.InfoJson() };
        }
    }

    public JsonObject SetTag(JsonObject body)
    {
        var runId = RequiredString(body, "run_id", alias: "run_uuid");
        var key = RequiredString(body, "key");
        var value = StringOrEmpty(body, "value");
        ValidateKey("tag", key);
        ValidateLength("Tag value", value, TagValueLimit);
        lock (_lock)
        {
            SetRunTag(ActiveRun(runId), key, value);
            return new JsonObject();
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

            run.LifecycleStage = "deleted";
            return new JsonObject();
        }
    }

    /// <summary>
    /// runs/search: newest start time first, then run id; pages of <c>max_results</c> (default 1,000, at most
    /// 50,000) with an offset token whenever a page is full.
    /// </summary>
    public JsonObject SearchRuns(JsonObject body)
    {
        var experimentIds = StringArray(body, "experiment_ids");
        var max = MaxResults(body["max_results"]?.ToString());
        var stages = LifecycleStages(body["run_view_type"]?.ToString());
        var offset = Offset(OptionalString(body, "page_token"));
        var filter = OptionalString(body, "filter");
        if (body["order_by"] is JsonArray { Count: > 0 })
        {
            throw MlflowDoubleError.InvalidParameter("The MLflow double does not implement order_by.");
        }

        (string Key, string Value)? tagEquals = null;
        if (filter is not null)
        {
            var match = TagEqualsFilter.Match(filter);
            if (!match.Success)
            {
                throw MlflowDoubleError.InvalidParameter($"The MLflow double only implements filters of the form tags.`key` = 'value', not: {filter}");
            }

            tagEquals = (match.Groups["key"].Value, match.Groups["value"].Value);
        }

        lock (_lock)
        {
            var page = _runs.Values
                .Where(r => experimentIds.Contains(r.ExperimentId) && stages.Contains(r.LifecycleStage))
                .Where(r => tagEquals is not { } t || (r.Tags.TryGetValue(t.Key, out var v) && v == t.Value))
                .OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal)
                .Skip(offset)
                .Take(max)
                .Select(r => (JsonNode)r.ToJson(includeInputs: true))
                .ToArray();

            var answer = new JsonObject();
            if (page.Length > 0)
            {
                answer["runs"] = new JsonArray(page);
            }

            if (page.Length == max)
            {
                answer["next_page_token"] = PageToken(offset + max);
            }

            return answer;
        }
    }

    private RunState ActiveRun(string runId)
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

    /// <summary>Setting mlflow.runName renames the run, as the SQL store's set_tag does.</summary>
    private static void SetRunTag(RunState run, string key, string value)
    {
        run.Tags[key] = value;
        if (key == RunNameTag)
        {
            run.Name = value;
        }
    }
}
