using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>
/// One page of <c>runs/search</c>. The server hands out a token whenever a page is full, so the last page may be
/// empty (<c>{}</c>).
/// </summary>
public sealed record MlflowRunPage
{
    [JsonPropertyName("runs")]
    public IReadOnlyList<MlflowRun> Runs { get; init; } = [];

    [JsonPropertyName("next_page_token")]
    public string? NextPageToken { get; init; }
}
