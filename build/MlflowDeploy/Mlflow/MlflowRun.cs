using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>A run: its info, params, tags and the latest value of each metric.</summary>
public sealed record MlflowRun
{
    [JsonPropertyName("info")]
    public required MlflowRunInfo Info { get; init; }

    [JsonPropertyName("data")]
    public MlflowRunData Data { get; init; } = new();
}

/// <summary>The <c>run.data</c> object; MLflow omits empty lists, so each may be absent.</summary>
public sealed record MlflowRunData
{
    [JsonPropertyName("metrics")]
    public IReadOnlyList<MlflowMetric> Metrics { get; init; } = [];

    [JsonPropertyName("params")]
    public IReadOnlyList<MlflowParam> Params { get; init; } = [];

    [JsonPropertyName("tags")]
    public IReadOnlyList<MlflowTag> Tags { get; init; } = [];
}
