using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>One entry of an artifact listing; the path is relative to the listed folder's root.</summary>
public sealed record MlflowArtifactFile
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("is_dir")]
    public bool IsDir { get; init; }

    [JsonPropertyName("file_size")]
    public long? FileSize { get; init; }
}
