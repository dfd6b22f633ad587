using System.Text.Json.Nodes;
using static MlflowDeploy.Tests.MlflowDouble.MlflowDoubleFields;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>Experiments: search with paging and view types, create, get, get-by-name, tags and soft deletes.</summary>
public sealed partial class MlflowDoubleStore
{
    public const int MaxExperimentNameLength = 500;

    public JsonObject SearchExperiments(string? maxResults, string? viewType, string? pageToken = null)
    {
        var max = MaxResults(maxResults);
        var stages = LifecycleStages(viewType);
        var offset = Offset(pageToken);
        lock (_lock)
        {
            var page = _experiments.Values
                .Where(e => stages.Contains(e.LifecycleStage))
                .OrderByDescending(e => e.LastUpdateTime).ThenBy(e => int.Parse(e.Id))
                .Skip(offset)
                .Take(max)
                .Select(e => (JsonNode)e.ToJson())
                .ToArray();

            var answer = new JsonObject();
            if (page.Length > 0)
            {
                answer["experiments"] = new JsonArray(page);
            }

            // SearchUtils hands out a token whenever a page is full, even when nothing follows.
            if (page.Length == max)
            {
                answer["next_page_token"] = PageToken(offset + max);
            }

            return answer;
        }
    }

    public JsonObject CreateExperiment(JsonObject body)
    {
        var name = RequiredString(body, "name");
        if (name.Length > MaxExperimentNameLength)
        {
            throw MlflowDoubleError.InvalidParameter($"Experiment name exceeds the maximum length of {MaxExperimentNameLength} characters");
        }

        var tags = ObjectArray(body, "tags").Select(t => (Key: RequiredString(t, "key"), Value: StringOrEmpty(t, "value"))).ToList();
        foreach (var (key, value) in tags)
        {
            ValidateKey("tag", key);
            ValidateLength("Tag value", value, TagValueLimit);
        }

        lock (_lock)
        {
            // A deleted experiment keeps its name (the unique constraint is on the table, not on active rows).
            if (_experiments.Values.Any(e => e.Name == name))
            {
                throw MlflowDoubleError.AlreadyExists($"Experiment(name={name}) already exists. Error: (psycopg2.errors.UniqueViolation) duplicate key value violates unique constraint \"experiments_name_key\"");
            }

            var id = Text(_nextExperimentId++);
            var now = Now();
            var experiment = new ExperimentState { Id = id, Name = name, ArtifactLocation = ArtifactRoot(id), CreationTime = now, LastUpdateTime = now };
            foreach (var (key, value) in tags)
            {
                experiment.Tags[key] = value;
            }

            _experiments[id] = experiment;
            return new JsonObject { ["experiment_id"] = id };
        }
    }

    public JsonObject GetExperiment(string? experimentId)
    {
        if (string.IsNullOrEmpty(experimentId))
        {
            throw Missing("experiment_id");
        }

        lock (_lock)
        {
            return _experiments.TryGetValue(experimentId, out var experiment)
                ? new JsonObject { ["experiment"] = experiment.ToJson() }
                : throw MlflowDoubleError.DoesNotExist($"No Experiment with id={experimentId} exists");
        }
    }

    /// <summary>Finds active and deleted experiments alike, as the note observed.</summary>
    public JsonObject GetExperimentByName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw Missing("experiment_name");
        }

        lock (_lock)
        {
            var experiment = _experiments.Values.FirstOrDefault(e => e.Name == name)
                ?? throw MlflowDoubleError.DoesNotExist($"Could not find experiment with name '{name}'");
            return new JsonObject { ["experiment"] = experiment.ToJson() };
        }
    }

    public JsonObject SetExperimentTag(JsonObject body)
    {
        var id = RequiredString(body, "experiment_id");
        var key = RequiredString(body, "key");
        var value = StringOrEmpty(body, "value");
        ValidateKey("tag", key);
        ValidateLength("Tag value", value, TagValueLimit);
        lock (_lock)
        {
            if (!_experiments.TryGetValue(id, out var experiment))
            {
                throw MlflowDoubleError.DoesNotExist($"No Experiment with id={id} exists");
            }

            if (experiment.LifecycleStage != "active")
            {
                throw MlflowDoubleError.InvalidParameter($"The experiment {id} must be in the 'active' state. Current state is {experiment.LifecycleStage}.");
            }

            experiment.Tags[key] = value;
            return new JsonObject();
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

            experiment.LifecycleStage = "deleted";
            experiment.LastUpdateTime = Now();
            foreach (var run in _runs.Values.Where(r => r.ExperimentId == id))
            {
                run.LifecycleStage = "deleted";
            }

            return new JsonObject();
        }
    }
}
