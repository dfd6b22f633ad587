namespace MlflowDeploy.Aws;

public sealed record LogEvent(DateTimeOffset Timestamp, string Message, string? LogStreamName = null);

/// <summary>The events found; <see cref="Truncated"/> is true when the page bound stopped the search before CloudWatch did.</summary>
public sealed record LogEventsResult(IReadOnlyList<LogEvent> Events, bool Truncated);

public sealed record LogGroupDescription(string Name, string? Arn, int? RetentionInDays, long? StoredBytes);

/// <summary>Events of one stream page and the token the next page starts from.</summary>
public sealed record LogStreamPage(IReadOnlyList<LogEvent> Events, string? NextForwardToken);
