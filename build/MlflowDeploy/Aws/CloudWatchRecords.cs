namespace MlflowDeploy.Aws;

/// <summary>One metric over a window: namespace, name, dimensions, the period of each datapoint and the statistics wanted.</summary>
public sealed record MetricQuery(
    string Namespace,
    string MetricName,
    IReadOnlyList<KeyValuePair<string, string>> Dimensions,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan Period,
    IReadOnlyList<string> Statistics);

public sealed record MetricDatapoint(DateTimeOffset Timestamp, double? Average, double? Minimum, double? Maximum, string? Unit);

/// <summary>A metric alarm; <see cref="State"/> is <c>OK</c>, <c>ALARM</c> or <c>INSUFFICIENT_DATA</c>.</summary>
public sealed record MetricAlarm(string Name, string State, string? StateReason, DateTimeOffset? StateUpdatedAt)
{
    public bool IsInAlarm => State == "ALARM";
}

/// <summary>The alarms found; <see cref="Truncated"/> is true when the page bound stopped the listing.</summary>
public sealed record AlarmListing(IReadOnlyList<MetricAlarm> Alarms, bool Truncated);
