using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>One experiment as <c>experiments/search</c> and <c>experiments/get-by-name</c> give it. The id is a string on the wire.</summary>
public sealed record MlflowExperiment
{
    [JsonPropertyName("experiment_id")]
    public required string ExperimentId { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("artifact_location")]
    public string? ArtifactLocation { get; init; }

    [JsonPropertyName("lifecycle_stage")]
    public required string LifecycleStage { get; init; }

    [JsonPropertyName("creation_time")]
    public long? CreationTime { get; init; }

    [JsonPropertyName("last_update_time")]
    public long? LastUpdateTime { get; init; }

    /// <summary>Absent when the experiment has none (protobuf's JSON leaves empty lists out).</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<MlflowTag> Tags { get; init; } = [];
}
