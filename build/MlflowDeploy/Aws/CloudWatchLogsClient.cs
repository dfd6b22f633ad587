using System.Text.Json.Nodes;

namespace MlflowDeploy.Aws;

/// <summary>The CloudWatch Logs calls the pipeline makes (JSON 1.1, <c>Logs_20140328</c>).</summary>
public sealed class CloudWatchLogsClient
{
    private readonly AwsJsonClient _json;

    internal CloudWatchLogsClient(AwsJsonClient json) => _json = json;

    public const string TargetPrefix = "Logs_20140328";
    private const int MaxDescribePages = 20;

    /// <summary>
    /// Events of a log group in [<paramref name="start"/>, <paramref name="end"/>], following <c>nextToken</c>
    /// for at most <paramref name="maxPages"/> pages (CloudWatch may return empty pages with a token while it scans).
    /// </summary>
    public async Task<LogEventsResult> FilterLogEventsAsync(
        string logGroupName,
        DateTimeOffset? start,
        DateTimeOffset? end,
        string? filterPattern,
        CancellationToken cancellationToken,
        int maxPages = 10,
        int? pageSize = null,
        IReadOnlyList<string>? logStreamNames = null)
    {
        var events = new List<LogEvent>();
        string? token = null;
        for (var page = 0; page < maxPages; page++)
        {
            var request = new JsonObject { ["logGroupName"] = logGroupName };
            if (start is { } s) request["startTime"] = s.ToUnixTimeMilliseconds();
            if (end is { } e) request["endTime"] = e.ToUnixTimeMilliseconds();
            if (filterPattern is not null) request["filterPattern"] = filterPattern;
            if (pageSize is { } limit) request["limit"] = limit;
            if (logStreamNames is { Count: > 0 })
                request["logStreamNames"] = new JsonArray(logStreamNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
            if (token is not null) request["nextToken"] = token;

            var answer = await _json.CallAsync("FilterLogEvents", request, cancellationToken).ConfigureAwait(false);
            events.AddRange(answer.Array("events").Select(ev => new LogEvent(
                DateTimeOffset.FromUnixTimeMilliseconds(ev.Long("timestamp") ?? 0), ev.Str("message") ?? "", ev.Str("logStreamName"))));
            var next = answer.Str("nextToken");
            if (string.IsNullOrEmpty(next) || next == token)
                return new LogEventsResult(events, false);
            token = next;
        }
        return new LogEventsResult(events, true);
    }

    /// <summary>
    /// One page of a stream, oldest first, from <paramref name="nextToken"/> (null: the start). The answer's token is
    /// where the next call continues; CloudWatch repeats it when nothing new arrived. A stream that does not exist yet
    /// (the container has not started) is an empty page.
    /// </summary>
    public async Task<LogStreamPage> GetLogEventsAsync(string logGroupName, string logStreamName, string? nextToken, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["logGroupName"] = logGroupName, ["logStreamName"] = logStreamName, ["startFromHead"] = true };
        if (nextToken is not null) request["nextToken"] = nextToken;
        try
        {
            var answer = await _json.CallAsync("GetLogEvents", request, cancellationToken).ConfigureAwait(false);
            return new LogStreamPage(
                answer.Array("events").Select(ev => new LogEvent(
                    DateTimeOffset.FromUnixTimeMilliseconds(ev.Long("timestamp") ?? 0), ev.Str("message") ?? "", logStreamName)).ToList(),
                answer.Str("nextForwardToken") ?? nextToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return new LogStreamPage([], nextToken);
        }
    }

    public async Task<IReadOnlyList<LogGroupDescription>> DescribeLogGroupsAsync(string namePrefix, CancellationToken cancellationToken)
    {
        var groups = new List<LogGroupDescription>();
        string? token = null;
        for (var page = 0; page < MaxDescribePages; page++)
        {
            var request = new JsonObject { ["logGroupNamePrefix"] = namePrefix };
            if (token is not null) request["nextToken"] = token;
            var answer = await _json.CallAsync("DescribeLogGroups", request, cancellationToken).ConfigureAwait(false);
            groups.AddRange(answer.Array("logGroups").Select(g => new LogGroupDescription(
                g.Str("logGroupName") ?? "", g.Str("arn"), g.Int("retentionInDays"), g.Long("storedBytes"))));
            token = answer.Str("nextToken");
            if (string.IsNullOrEmpty(token))
                break;
        }
        return groups;
    }

    /// <summary>Creates the stream; one that already exists is fine, so the local stand-in can restart.</summary>
    public async Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        try
        {
            await _json.CallAsync("CreateLogStream", new JsonObject { ["logGroupName"] = logGroupName, ["logStreamName"] = logStreamName },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceAlreadyExistsException")
        {
        }
    }

    /// <summary>Writes events (sorted by time, as CloudWatch requires). Sequence tokens are no longer needed.</summary>
    public async Task PutLogEventsAsync(string logGroupName, string logStreamName, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
            return;
        var items = events.OrderBy(e => e.Timestamp)
            .Select(e => (JsonNode?)new JsonObject { ["timestamp"] = e.Timestamp.ToUnixTimeMilliseconds(), ["message"] = e.Message })
            .ToArray();
        await _json.CallAsync("PutLogEvents", new JsonObject
        {
            ["logGroupName"] = logGroupName,
            ["logStreamName"] = logStreamName,
            ["logEvents"] = new JsonArray(items),
        }, cancellationToken).ConfigureAwait(false);
    }
}
