using System.Text.Json.Nodes;
using static MlflowDeploy.Tests.MlflowDouble.MlflowDoubleFields;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// log-metric, log-batch and get-history. log-batch checks its limits, names, lengths, duplicate param keys and
/// param changes before it writes anything, so a refused request logs nothing (as the notes observed).
/// </summary>
public sealed partial class MlflowDoubleStore
{
    /// <summary>When set, get-history honours <c>max_results</c> up to this size and pages; 2.17.2 returns everything.</summary>
    public int? MetricHistoryPageSize { get; set; }

    /// <summary>Metric points accepted by log-metric and log-batch, an exact repeat included (the store keeps it once).</summary>
    public long MetricPointsReceived => Interlocked.Read(ref _metricPointsReceived);

    private long _metricPointsReceived;

    public JsonObject LogMetric(JsonObject body)
    {
        var runId = RequiredString(body, "run_id", alias: "run_uuid");
        var metric = ReadMetric(body);
        lock (_lock)
        {
            AddMetrics(ActiveRun(runId), [metric]);
            _metricPointsReceived++;
            return new JsonObject();
        }
    }

    public JsonObject LogBatch(JsonObject body)
    {
        var runId = RequiredString(body, "run_id");
        var metrics = ObjectArray(body, "metrics");
        var parameters = ObjectArray(body, "params");
        var tags = ObjectArray(body, "tags");
        CheckLimit("metrics", MaxMetricsPerBatch, metrics.Count);
        CheckLimit("params", MaxParamsOrTagsPerBatch, parameters.Count);
        CheckLimit("tags", MaxParamsOrTagsPerBatch, tags.Count);
        CheckLimit("metrics, params, and tags", MaxEntitiesPerBatch, metrics.Count + parameters.Count + tags.Count);

        var metricRecords = metrics.Select(ReadMetric).ToList();
        var paramPairs = parameters.Select(p => (Key: RequiredString(p, "key"), Value: StringOrEmpty(p, "value"))).ToList();
        var tagPairs = tags.Select(t => (Key: RequiredString(t, "key"), Value: StringOrEmpty(t, "value"))).ToList();
        foreach (var (key, value) in paramPairs)
        {
            ValidateKey("parameter", key);
            ValidateLength("Param value", value, MaxParamValueLength);
        }

        foreach (var (key, value) in tagPairs)
        {
            ValidateKey("tag", key);
            ValidateLength("Tag value", value, TagValueLimit);
        }

        var duplicates = paramPairs.GroupBy(p => p.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw MlflowDoubleError.InvalidParameter($"Duplicate parameter keys have been submitted: [{string.Join(", ", duplicates)}]. Please ensure the request contains only one param value per param key.");
        }

        lock (_lock)
        {
            var run = ActiveRun(runId);
            var changed = paramPairs.Where(p => run.Params.TryGetValue(p.Key, out var old) && old != p.Value).ToList();
            if (changed.Count > 0)
            {
                throw MlflowDoubleError.InvalidParameter(
                    $"Changing param values is not allowed. Params were already logged='{string.Join(", ", changed.Select(c => $"{{'key': '{c.Key}', 'old_value': '{run.Params[c.Key]}', 'new_value': '{c.Value}'}}"))}' for run ID='{runId}'.");
            }

            foreach (var (key, value) in paramPairs)
            {
                run.Params[key] = value;
            }

            AddMetrics(run, metricRecords);
            _metricPointsReceived += metricRecords.Count;
            foreach (var (key, value) in tagPairs)
            {
                SetRunTag(run, key, value);
            }

            return new JsonObject();
        }
    }

    public JsonObject GetMetricHistory(string? runId, string? metricKey, string? maxResults, string? pageToken)
    {
        if (string.IsNullOrEmpty(runId))
        {
            throw Missing("run_id");
        }

        if (string.IsNullOrEmpty(metricKey))
        {
            throw Missing("metric_key");
        }

        lock (_lock)
        {
            if (!_runs.TryGetValue(runId, out var run))
            {
                throw MlflowDoubleError.DoesNotExist($"Run with id={runId} not found");
            }

            var history = run.Metrics.Where(m => m.Key == metricKey);
            string? next = null;
            if (MetricHistoryPageSize is { } pageSize)
            {
                var offset = Offset(pageToken);
                var size = maxResults is not null && int.TryParse(maxResults, out var asked) && asked > 0 ? Math.Min(asked, pageSize) : pageSize;
                var all = history.ToList();
                history = all.Skip(offset).Take(size);
                next = offset + size < all.Count ? PageToken(offset + size) : null;
            }

            var points = history.Select(m => (JsonNode)MetricJson(m)).ToArray();
            var answer = new JsonObject();
            if (points.Length > 0)
            {
                answer["metrics"] = new JsonArray(points);
            }

            if (next is not null)
            {
                answer["next_page_token"] = next;
            }

            return answer;
        }
    }

    private static void CheckLimit(string entities, int limit, int count)
    {
        if (count > limit)
        {
            throw MlflowDoubleError.InvalidParameter(
                $"A batch logging request can contain at most {limit} {entities}. Got {count} {entities}. Please split up {entities} across multiple requests and try again.");
        }
    }

    private static MetricRecord ReadMetric(JsonObject body)
    {
        var key = RequiredString(body, "key");
        var value = RequiredDouble(body, "value");
        var timestamp = OptionalLong(body, "timestamp") ?? throw Missing("timestamp");
        var step = OptionalLong(body, "step") ?? 0;
        ValidateKey("metric", key);
        if (timestamp < 0)
        {
            throw MlflowDoubleError.InvalidParameter($"Got invalid timestamp {timestamp} for metric '{key}' (value={value}). Timestamp must be a nonnegative long (64-bit integer) ");
        }

        return new MetricRecord(key, Sanitize(value), timestamp, step);
    }

    /// <summary>SQL has no infinities: the store keeps ±Infinity as ±double.MaxValue (sanitize_metric_value).</summary>
    private static double Sanitize(double value) =>
        double.IsPositiveInfinity(value) ? double.MaxValue : double.IsNegativeInfinity(value) ? double.MinValue : value;

    /// <summary>The metrics table's key is (key, timestamp, step, value): an exact repeat is stored once.</summary>
    private static void AddMetrics(RunState run, IEnumerable<MetricRecord> metrics)
    {
        foreach (var metric in metrics)
        {
            if (run.MetricSet.Add(metric))
            {
                run.Metrics.Add(metric);
            }
        }
    }
}
