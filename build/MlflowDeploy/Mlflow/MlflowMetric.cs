using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>A metric value as logged and as <c>runs/get</c> returns its latest value.</summary>
public sealed record MlflowMetric
{
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    [JsonPropertyName("value")]
    public required double Value { get; init; }

    [JsonPropertyName("timestamp")]
    public required long Timestamp { get; init; }

    [JsonPropertyName("step")]
    public long Step { get; init; }
}
