using System.Text.Json.Nodes;

namespace MlflowDeploy.Aws;

/// <summary>
/// The Resource Groups Tagging API call the pipeline makes (JSON 1.1, target prefix
/// <c>ResourceGroupsTaggingAPI_20170126</c>): every resource in the region that carries all of a set of tags, whichever
/// service owns it. IAM roles and a few other types are not covered by the API; callers say so.
/// </summary>
public sealed class ResourceTaggingClient
{
    public const string TargetPrefix = "ResourceGroupsTaggingAPI_20170126";

    // 100 per page; 50 pages bound a runaway listing at 5000 resources, far above one stack's.
    private const int PageSize = 100;
    private const int MaxPages = 50;

    private readonly AwsJsonClient _json;

    internal ResourceTaggingClient(AwsJsonClient json) => _json = json;

    /// <summary>Resources tagged with every key and value of <paramref name="tags"/> (<c>tag:GetResources</c>), following the pagination token.</summary>
    public async Task<IReadOnlyList<TaggedResource>> GetResourcesAsync(IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var found = new List<TaggedResource>();
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var filters = new JsonArray();
            foreach (var (key, value) in tags)
            {
                filters.Add(new JsonObject { ["Key"] = key, ["Values"] = new JsonArray(value) });
            }

            var request = new JsonObject { ["TagFilters"] = filters, ["ResourcesPerPage"] = PageSize };
            if (!string.IsNullOrEmpty(token))
            {
                request["PaginationToken"] = token;
            }

            var answer = await _json.CallAsync("GetResources", request, cancellationToken).ConfigureAwait(false);
            foreach (var mapping in answer.Array("ResourceTagMappingList"))
            {
                if (mapping.Str("ResourceARN") is not { Length: > 0 } arn)
                {
                    continue;
                }

                var resourceTags = mapping.Array("Tags")
                    .Where(t => t.Str("Key") is not null)
                    .GroupBy(t => t.Str("Key")!, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First().Str("Value") ?? "", StringComparer.Ordinal);
                found.Add(new TaggedResource(arn, resourceTags));
            }

            token = answer.Str("PaginationToken");
            if (string.IsNullOrEmpty(token))
            {
                break;
            }
        }

        return found;
    }
}
