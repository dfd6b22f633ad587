using System.Globalization;
using System.Xml.Linq;

namespace MlflowDeploy.Aws;

/// <summary>The CloudWatch (metrics and alarms) calls the pipeline makes (Query protocol, version 2010-08-01).</summary>
public sealed class CloudWatchClient
{
    private readonly AwsQueryClient _query;

    internal CloudWatchClient(AwsQueryClient query) => _query = query;

    public const string Version = "2010-08-01";
    public static readonly XNamespace Namespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    // DescribeAlarms answers at most 100 alarms per page; 20 pages bounds a runaway listing.
    private const int MaxAlarmPages = 20;

    /// <summary>
    /// The datapoints of one metric in [<paramref name="start"/>, <paramref name="end"/>) at <paramref name="period"/>,
    /// oldest first. An empty list means CloudWatch holds no data for that window (not an error).
    /// </summary>
    public async Task<IReadOnlyList<MetricDatapoint>> GetMetricStatisticsAsync(MetricQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Namespace", query.Namespace),
            new("MetricName", query.MetricName),
            new("StartTime", Iso(query.Start)),
            new("EndTime", Iso(query.End)),
            new("Period", ((int)query.Period.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
        };
        var i = 0;
        foreach (var (name, value) in query.Dimensions)
        {
            i++;
            parameters.Add(new($"Dimensions.member.{i}.Name", name));
            parameters.Add(new($"Dimensions.member.{i}.Value", value));
        }
        for (var s = 0; s < query.Statistics.Count; s++)
            parameters.Add(new($"Statistics.member.{s + 1}", query.Statistics[s]));

        var result = await _query.CallAsync("GetMetricStatistics", parameters, cancellationToken).ConfigureAwait(false);
        var ns = Namespace;
        return result.Members(ns, "Datapoints")
            .Select(d => new MetricDatapoint(
                Time(d.Str(ns, "Timestamp")) ?? DateTimeOffset.MinValue,
                Number(d.Str(ns, "Average")),
                Number(d.Str(ns, "Minimum")),
                Number(d.Str(ns, "Maximum")),
                d.Str(ns, "Unit")))
            .OrderBy(d => d.Timestamp)
            .ToList();
    }

    /// <summary>Metric alarms whose names start with <paramref name="namePrefix"/>, whatever their state.</summary>
    public async Task<AlarmListing> DescribeAlarmsAsync(string namePrefix, CancellationToken cancellationToken)
    {
        var alarms = new List<MetricAlarm>();
        string? token = null;
        var ns = Namespace;
        for (var page = 0; page < MaxAlarmPages; page++)
        {
            var parameters = new List<KeyValuePair<string, string>> { new("AlarmNamePrefix", namePrefix), new("MaxRecords", "100") };
            if (token is not null)
                parameters.Add(new("NextToken", token));
            var result = await _query.CallAsync("DescribeAlarms", parameters, cancellationToken).ConfigureAwait(false);
            alarms.AddRange(result.Members(ns, "MetricAlarms").Select(a => new MetricAlarm(
                a.Str(ns, "AlarmName") ?? "",
                a.Str(ns, "StateValue") ?? "",
                a.Str(ns, "StateReason"),
                Time(a.Str(ns, "StateUpdatedTimestamp")))));
            token = result.Str(ns, "NextToken");
            if (string.IsNullOrEmpty(token))
                return new AlarmListing(alarms, false);
        }
        return new AlarmListing(alarms, true);
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
