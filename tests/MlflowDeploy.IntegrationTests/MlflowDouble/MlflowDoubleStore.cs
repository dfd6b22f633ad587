using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// The double's tracking store: experiments, runs, params, tags, metric histories and proxied artifacts, with
/// MLflow's soft deletes and the status codes and error codes of <c>shared/notes/mlflow-rest-contract.md</c>
/// (observed on MLflow 2.17.2). Where the notes are silent, it follows MLflow 2.x's SQLAlchemy store as read in
/// its source: log-batch validates everything before it writes, an exact repeat of a metric point is stored once,
/// and ±Infinity is stored as ±double.MaxValue.
/// </summary>
public sealed partial class MlflowDoubleStore
{
    public const int MaxSearchResults = 50000;
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsOrTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 5000;
    public const int MaxKeyLength = 250;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ExperimentState> _experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, byte[]> _artifacts = new(StringComparer.Ordinal);
    private readonly bool _serveArtifacts;
    private int _nextExperimentId = 1;

    public MlflowDoubleStore(bool serveArtifacts)
    {
        _serveArtifacts = serveArtifacts;
        var now = Now();
        _experiments["0"] = new ExperimentState { Id = "0", Name = "Default", ArtifactLocation = ArtifactRoot("0"), CreationTime = now, LastUpdateTime = now };
    }

    public bool ServesArtifacts => _serveArtifacts;

    /// <summary>The longest tag value accepted: 5,000 in MLflow 2.x; a test may raise it to stand for a store that allows more.</summary>
    public int TagValueLimit { get; set; } = MaxTagValueLength;

    public sealed record ExperimentRecord(string Id, string Name, string ArtifactLocation, string LifecycleStage, long CreationTime, long LastUpdateTime)
    {
        public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    }

    public sealed record MetricRecord(string Key, double Value, long Timestamp, long Step);

    public sealed record RunRecord(
        string RunId, string ExperimentId, string RunName, long StartTime, string ArtifactUri, string LifecycleStage, IReadOnlyList<MetricRecord> Metrics)
    {
        public string Status { get; init; } = "RUNNING";

        public long? EndTime { get; init; }

        public string UserId { get; init; } = string.Empty;

        public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

        public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    }

    public IReadOnlyList<ExperimentRecord> Experiments
    {
        get
        {
            lock (_lock)
            {
                return _experiments.Values.Select(e => e.Snapshot()).ToList();
            }
        }
    }

    public IReadOnlyList<RunRecord> Runs
    {
        get
        {
            lock (_lock)
            {
                return _runs.Values.Select(r => r.Snapshot()).ToList();
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

    private sealed class ExperimentState
    {
        public required string Id { get; init; }
        public required string Name { get; init; }
        public required string ArtifactLocation { get; init; }
        public string LifecycleStage { get; set; } = "active";
        public long CreationTime { get; init; }
        public long LastUpdateTime { get; set; }
        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        public ExperimentRecord Snapshot() =>
            new(Id, Name, ArtifactLocation, LifecycleStage, CreationTime, LastUpdateTime) { Tags = new Dictionary<string, string>(Tags) };

        public JsonObject ToJson()
        {
            var json = new JsonObject
            {
                ["experiment_id"] = Id,
                ["name"] = Name,
                ["artifact_location"] = ArtifactLocation,
                ["lifecycle_stage"] = LifecycleStage,
                ["last_update_time"] = LastUpdateTime,
                ["creation_time"] = CreationTime,
            };

            // Protobuf's JSON form leaves empty lists out.
            if (Tags.Count > 0)
            {
                json["tags"] = KeyValues(Tags);
            }

            return json;
        }
    }

    private sealed class RunState
    {
        public required string RunId { get; init; }
        public required string ExperimentId { get; init; }
        public required string Name { get; set; }
        public required string ArtifactUri { get; init; }
        public long StartTime { get; init; }
        public long? EndTime { get; set; }
        public string Status { get; set; } = "RUNNING";
        public string UserId { get; init; } = string.Empty;
        public string LifecycleStage { get; set; } = "active";
        public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
        public List<MetricRecord> Metrics { get; } = [];
        public HashSet<MetricRecord> MetricSet { get; } = [];

        public RunRecord Snapshot() => new(RunId, ExperimentId, Name, StartTime, ArtifactUri, LifecycleStage, Metrics.ToList())
        {
            Status = Status,
            EndTime = EndTime,
            UserId = UserId,
            Params = new Dictionary<string, string>(Params),
            Tags = new Dictionary<string, string>(Tags),
        };

        public JsonObject InfoJson()
        {
            var info = new JsonObject
            {
                ["run_uuid"] = RunId,
                ["experiment_id"] = ExperimentId,
                ["run_name"] = Name,
                ["user_id"] = UserId,
                ["status"] = Status,
                ["start_time"] = StartTime,
            };
            if (EndTime is { } end)
            {
                info["end_time"] = end;
            }

            info["artifact_uri"] = ArtifactUri;
            info["lifecycle_stage"] = LifecycleStage;
            info["run_id"] = RunId;
            return info;
        }

        public JsonObject ToJson(bool includeInputs)
        {
            // runs/get and runs/search show the latest value per key: the highest (step, timestamp, value).
            var latest = Metrics
                .GroupBy(m => m.Key)
                .Select(g => g.OrderByDescending(m => m.Step).ThenByDescending(m => m.Timestamp).ThenByDescending(m => m.Value).First())
                .Select(m => (JsonNode)MetricJson(m))
                .ToArray();
            var data = new JsonObject();
            if (latest.Length > 0)
            {
                data["metrics"] = new JsonArray(latest);
            }

            if (Params.Count > 0)
            {
                data["params"] = KeyValues(Params);
            }

            if (Tags.Count > 0)
            {
                data["tags"] = KeyValues(Tags);
            }

            var result = new JsonObject { ["info"] = InfoJson(), ["data"] = data };
            if (includeInputs)
            {
                result["inputs"] = new JsonObject();
            }

            return result;
        }
    }

    private static JsonObject MetricJson(MetricRecord m) => new()
    {
        ["key"] = m.Key,

        // Protobuf's JSON mapping writes NaN as a string; the SQL store never holds an infinity (see Sanitize).
        ["value"] = double.IsNaN(m.Value) ? JsonValue.Create("NaN") : JsonValue.Create(m.Value),
        ["timestamp"] = m.Timestamp,
        ["step"] = m.Step,
    };

    private static JsonArray KeyValues(IReadOnlyDictionary<string, string> pairs) =>
        new([.. pairs.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value })]);

    private static readonly Regex ValidName = new(@"^[/\w.\- ]*$", RegexOptions.CultureInvariant);

    /// <summary>MLflow's check of metric, param and tag names (validation.py).</summary>
    private static void ValidateKey(string kind, string key)
    {
        if (!ValidName.IsMatch(key))
        {
            throw MlflowDoubleError.InvalidParameter($"Invalid {kind} name: '{key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).");
        }

        var normalized = NormalizePosix(key);
        if (normalized != key || normalized == "." || normalized.StartsWith("..", StringComparison.Ordinal) || normalized.StartsWith('/'))
        {
            throw MlflowDoubleError.InvalidParameter($"Invalid {kind} name: '{key}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such.");
        }

        if (key.Length > MaxKeyLength)
        {
            throw MlflowDoubleError.InvalidParameter($"{kind} key '{key[..Math.Min(250, key.Length)]}' had length {key.Length}, which exceeded length limit of {MaxKeyLength}");
        }
    }

    private static string NormalizePosix(string path)
    {
        var absolute = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".." || !absolute)
            {
                parts.Add(part);
            }
        }

        var joined = string.Join('/', parts);
        return absolute ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    private static void ValidateLength(string kind, string value, int limit)
    {
        if (value.Length > limit)
        {
            throw MlflowDoubleError.InvalidParameter($"{kind} '{value[..250]}' had length {value.Length}, which exceeded length limit of {limit}");
        }
    }

    private string ArtifactRoot(string experimentId) =>
        _serveArtifacts ? $"mlflow-artifacts:/{experimentId}" : $"s3://mlflow-double-artifacts/{experimentId}";

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
