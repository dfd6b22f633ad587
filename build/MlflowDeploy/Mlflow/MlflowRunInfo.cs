using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>The <c>run.info</c> object of <c>runs/create</c> and <c>runs/get</c>.</summary>
public sealed record MlflowRunInfo
{
    [JsonPropertyName("run_id")]
    public required string RunId { get; init; }

    [JsonPropertyName("experiment_id")]
    public required string ExperimentId { get; init; }

    [JsonPropertyName("run_name")]
    public string? RunName { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("start_time")]
    public long? StartTime { get; init; }

    [JsonPropertyName("end_time")]
    public long? EndTime { get; init; }

    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    [JsonPropertyName("artifact_uri")]
    public required string ArtifactUri { get; init; }

    [JsonPropertyName("lifecycle_stage")]
    public required string LifecycleStage { get; init; }
}
