using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Backup;

/// <summary>How many active experiments a tracking server lists, following every page (bounded).</summary>
public static class ExperimentCount
{
    private const int PageSize = 1000;

    // 1,000 pages of 1,000 bounds a runaway listing at a million experiments.
    private const int MaxPages = 1000;

    public static async Task<int> OfAsync(MlflowClient client, CancellationToken cancellationToken)
    {
        var count = 0;
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var answer = await client.SearchExperimentsAsync(MlflowViewType.ActiveOnly, PageSize, token, cancellationToken).ConfigureAwait(false);
            count += answer.Experiments.Count;
            token = answer.NextPageToken;
            if (string.IsNullOrEmpty(token))
            {
                return count;
            }
        }

        throw new InvalidOperationException($"experiments/search kept answering a next page after {MaxPages} pages of {PageSize}");
    }
}
