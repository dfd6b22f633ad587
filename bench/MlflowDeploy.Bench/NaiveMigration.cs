using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Bench;

/// <summary>
/// The baseline: one run at a time, one request per value, as a copy through the MLflow Python client's
/// per-value calls behaves (create the run; log each param, set each tag, log each metric point; upload each
/// file; set the status). Same HTTP client and the same doubles as ours, so only the strategy differs.
/// It does no resuming and no checking: it is the lower bound of work a copy must do value by value.
/// </summary>
internal static class NaiveMigration
{
    public sealed record Result(int Runs, long Points, long Bytes, long Requests);

    public static async Task<Result> RunAsync(Uri from, Uri to, CancellationToken cancellationToken)
    {
        using var source = new MlflowClient(new MlflowClientOptions { BaseUrl = from, RequestTimeout = TimeSpan.FromSeconds(60) });
        using var target = new MlflowClient(new MlflowClientOptions { BaseUrl = to, RequestTimeout = TimeSpan.FromSeconds(60) });
        var runs = 0;
        long points = 0;
        long bytes = 0;
        var experiments = await source.SearchExperimentsAsync(MlflowViewType.ActiveOnly, 1000, null, cancellationToken);
        foreach (var experiment in experiments.Experiments)
        {
            var targetId = experiment.ExperimentId == "0" ? "0" : await target.CreateExperimentAsync(experiment.Name, [], cancellationToken);
            foreach (var tag in experiment.Tags)
            {
                await target.SetExperimentTagAsync(targetId, tag, cancellationToken);
            }

            string? token = null;
            do
            {
                var page = await source.SearchRunsAsync(new MlflowRunSearch { ExperimentIds = [experiment.ExperimentId], PageToken = token }, cancellationToken);
                foreach (var run in page.Runs)
                {
                    var copy = await target.CreateRunAsync(new MlflowRunCreation { ExperimentId = targetId, RunName = run.Info.RunName, StartTime = run.Info.StartTime, UserId = run.Info.UserId }, cancellationToken);
                    var copyId = copy.Info.RunId;
                    foreach (var param in run.Data.Params)
                    {
                        await target.LogBatchAsync(copyId, new MlflowLogBatch { Params = [param] }, cancellationToken);
                    }

                    foreach (var tag in run.Data.Tags.Where(t => t.Key != MigrationTags.RunName))
                    {
                        await target.SetTagAsync(copyId, tag, cancellationToken);
                    }

                    foreach (var key in run.Data.Metrics.Select(m => m.Key).Distinct())
                    {
                        foreach (var point in await source.GetMetricHistoryAsync(run.Info.RunId, key, cancellationToken))
                        {
                            await target.LogMetricAsync(copyId, point, cancellationToken);
                            points++;
                        }
                    }

                    bytes += await CopyFilesAsync(source, target, run.Info, copy.Info, null, cancellationToken);
                    await target.UpdateRunAsync(copyId, run.Info.Status, run.Info.EndTime, cancellationToken);
                    runs++;
                }

                token = page.Runs.Count == 0 ? null : page.NextPageToken;
            }
            while (token is not null);
        }

        return new Result(runs, points, bytes, source.RequestsSent + target.RequestsSent);
    }

    private static async Task<long> CopyFilesAsync(MlflowClient source, MlflowClient target, MlflowRunInfo from, MlflowRunInfo to, string? folder, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var sourceRoot = MlflowArtifactPath.FromArtifactUri(from.ArtifactUri);
        var targetRoot = MlflowArtifactPath.FromArtifactUri(to.ArtifactUri);
        foreach (var entry in await source.ListArtifactsAsync(folder is null ? sourceRoot : $"{sourceRoot}/{folder}", cancellationToken))
        {
            var path = folder is null ? entry.Path : $"{folder}/{entry.Path}";
            if (entry.IsDir)
            {
                bytes += await CopyFilesAsync(source, target, from, to, path, cancellationToken);
                continue;
            }

            var content = await source.DownloadArtifactAsync($"{sourceRoot}/{path}", cancellationToken);
            await target.UploadArtifactAsync($"{targetRoot}/{path}", content, cancellationToken);
            bytes += content.Length;
        }

        return bytes;
    }
}
