using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>One page of <c>experiments/search</c>. An empty page arrives as <c>{}</c>, so the list may be absent.</summary>
public sealed record MlflowExperimentPage
{
    [JsonPropertyName("experiments")]
    public IReadOnlyList<MlflowExperiment> Experiments { get; init; } = [];

    [JsonPropertyName("next_page_token")]
    public string? NextPageToken { get; init; }
}
