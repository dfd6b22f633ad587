namespace MlflowDeploy.ServiceLogs;

/// <summary>Which events Logs reads: a group, from how far back, optionally a filter pattern and one task's stream(s).</summary>
/// <param name="StreamPrefix">Only streams whose names start so (<c>prefix/container/task-id</c>, or a beginning of it).</param>
public sealed record LogQuery(string LogGroup, TimeSpan Since, string? FilterPattern, string? StreamPrefix, bool Follow);
