using System.Net;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// A run's params and tags. What the copy lacks is logged in batches; a param or tag the copy holds with another
/// value is reported and left alone (params cannot change; a tag may have been edited on the target on purpose).
/// When the target refuses a batch, each value is sent alone so that the one refused can be named.
/// </summary>
internal static class RunValuesCopier
{
    public static async Task CopyAsync(
        MigrationSession session, RunWork work, IReadOnlyDictionary<string, string> copies, RunCopyOutcome outcome, CancellationToken cancellationToken)
    {
        var targetParams = (work.Target?.Data.Params ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var targetTags = (work.Target?.Data.Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

        var parameters = new List<MlflowParam>();
        foreach (var param in work.Source.Data.Params)
        {
            if (!targetParams.TryGetValue(param.Key, out var value))
            {
                parameters.Add(param);
            }
            else if (value != param.Value)
            {
                outcome.LeaveAlone("param", param.Key);
                outcome.Issue(
                    MigrationIssueKind.ParamDiffers,
                    $"{work.Describe()}: param '{param.Key}' is {ExperimentCopier.Quote(param.Value)} on the source and {ExperimentCopier.Quote(value)} on the target; params cannot change, so it was left as it is");
            }
        }

        var tags = new List<MlflowTag>();
        foreach (var tag in MigrationTags.ToCopy(work.Source, copies))
        {
            if (!targetTags.TryGetValue(tag.Key, out var value))
            {
                tags.Add(tag);
            }
            else if (value != tag.Value)
            {
                outcome.LeaveAlone("tag", tag.Key);
                outcome.Issue(
                    MigrationIssueKind.TagDiffers,
                    $"{work.Describe()}: tag '{tag.Key}' is {ExperimentCopier.Quote(tag.Value)} on the source and {ExperimentCopier.Quote(value)} on the target; not overwritten");
            }
        }

        if (!session.DryRun)
        {
            var runId = work.Target!.Info.RunId;
            foreach (var batch in LogBatchPlanner.Params(parameters, tags))
            {
                await LogAsync(session, work, runId, batch, outcome, cancellationToken);
            }
        }

        session.Counters.ParamsLogged(parameters.Count);
        session.Counters.TagsSet(tags.Count);
    }

    private static async Task LogAsync(MigrationSession session, RunWork work, string runId, MlflowLogBatch batch, RunCopyOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            // Logging a param again with its value, or a tag again, changes nothing: safe to replay.
            await session.Retry.ReplaySafeAsync(ct => session.Target.LogBatchAsync(runId, batch, ct), cancellationToken);
        }
        catch (MlflowRequestException e) when (e.StatusCode == HttpStatusCode.BadRequest)
        {
            var singles = batch.Params.Select(p => (Kind: "param", p.Key, Batch: new MlflowLogBatch { Params = [p] }))
                .Concat(batch.Tags.Select(t => (Kind: "tag", t.Key, Batch: new MlflowLogBatch { Tags = [t] })));
            foreach (var (kind, key, single) in singles)
            {
                try
                {
                    await session.Retry.ReplaySafeAsync(ct => session.Target.LogBatchAsync(runId, single, ct), cancellationToken);
                }
                catch (MlflowRequestException refused) when (refused.StatusCode == HttpStatusCode.BadRequest)
                {
                    outcome.LeaveAlone(kind, key);
                    outcome.Issue(MigrationIssueKind.ValueRefused, $"{work.Describe()}: the target refused {kind} '{key}': {refused.Message}");
                }
            }
        }
    }
}
