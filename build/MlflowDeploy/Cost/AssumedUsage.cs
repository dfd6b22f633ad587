namespace MlflowDeploy.Cost;

/// <summary>One usage figure an estimate relied on: where it applies (a resource type or address), its value and the file it came from.</summary>
public sealed record AssumedUsage(string Scope, string Key, decimal Value, string Source);
