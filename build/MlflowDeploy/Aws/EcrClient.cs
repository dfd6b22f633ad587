using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowDeploy.Aws;

/// <summary>The ECR calls the pipeline makes (JSON 1.1, target prefix <c>AmazonEC2ContainerRegistry_V20150921</c>).</summary>
public sealed class EcrClient
{
    private readonly AwsJsonClient _json;

    internal EcrClient(AwsJsonClient json) => _json = json;

    public const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921";

    /// <summary>
    /// Whether the repository holds at least one image, tagged or not (one page of one image is enough to know);
    /// false when there is no such repository.
    /// </summary>
    public async Task<bool> HoldsImagesAsync(string repositoryName, CancellationToken cancellationToken)
    {
        JsonElement answer;
        try
        {
            answer = await _json.CallAsync("ListImages", new JsonObject { ["repositoryName"] = repositoryName, ["maxResults"] = 1 }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "RepositoryNotFoundException")
        {
            return false;
        }

        return answer.TryGetProperty("imageIds", out var images) && images.ValueKind == JsonValueKind.Array && images.GetArrayLength() > 0;
    }
}
