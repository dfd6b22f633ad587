using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>Reads every page of an experiment or run search, each page retried on its own.</summary>
internal static class ServerListing
{
    private const int ExperimentPageSize = 1000;

    /// <summary>Runs come with their params, tags and latest metrics, so pages stay at the server's default size.</summary>
    private const int RunPageSize = 1000;

    /// <summary>A server whose tokens never end is a broken server, not a big one.</summary>
    private const int MaxPages = 100_000;

    public static async Task<List<MlflowExperiment>> ExperimentsAsync(MlflowClient client, TransientRetry retry, MlflowViewType view, CancellationToken cancellationToken)
    {
        var all = new List<MlflowExperiment>();
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var answer = await retry.ReplaySafeAsync(ct => client.SearchExperimentsAsync(view, ExperimentPageSize, token, ct), cancellationToken);
            all.AddRange(answer.Experiments);
            if (string.IsNullOrEmpty(answer.NextPageToken) || answer.Experiments.Count == 0)
            {
                return all;
            }

            token = answer.NextPageToken;
        }

        throw new ActionableError($"{client.BaseUrl} kept handing out experiment page tokens past {MaxPages} pages: is it an MLflow 2.x server?");
    }

    public static async Task<List<MlflowRun>> RunsAsync(
        MlflowClient client, TransientRetry retry, string experimentId, MlflowViewType view, CancellationToken cancellationToken, string? filter = null)
    {
        var all = new List<MlflowRun>();
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var search = new MlflowRunSearch { ExperimentIds = [experimentId], ViewType = view, MaxResults = RunPageSize, PageToken = token, Filter = filter };
            var answer = await retry.ReplaySafeAsync(ct => client.SearchRunsAsync(search, ct), cancellationToken);
            all.AddRange(answer.Runs);
            if (string.IsNullOrEmpty(answer.NextPageToken) || answer.Runs.Count == 0)
            {
                return all;
            }

            token = answer.NextPageToken;
        }

        throw new ActionableError($"{client.BaseUrl} kept handing out run page tokens past {MaxPages} pages for experiment {experimentId}: is it an MLflow 2.x server?");
    }

    /// <summary>The copy of a source run in a target experiment, found by the tag it was created with.</summary>
    public static async Task<MlflowRun?> CopyOfAsync(MlflowClient target, TransientRetry retry, string targetExperimentId, string sourceRunId, CancellationToken cancellationToken)
    {
        var filter = $"tags.`{MigrationTags.SourceRunId}` = '{sourceRunId}'";
        var found = await RunsAsync(target, retry, targetExperimentId, MlflowViewType.All, cancellationToken, filter);
        return found.FirstOrDefault(r => r.Info.LifecycleStage == MlflowLifecycleStage.Active) ?? found.FirstOrDefault();
    }
}
