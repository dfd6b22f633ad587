using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>A run or experiment tag. Tags may be overwritten; a value absent on the wire is the empty string.</summary>
public sealed record MlflowTag(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value = "");
