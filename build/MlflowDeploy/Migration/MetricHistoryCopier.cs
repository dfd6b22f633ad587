using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Every metric's full history, one metric at a time so that only one history per run is in memory: the
/// source's points the copy lacks are logged in batches of 1,000, then the copy's history is read back and
/// compared point by point. A resumed copy gets only the points it lacks, so nothing is logged twice.
/// </summary>
internal static class MetricHistoryCopier
{
    public static async Task CopyAsync(MigrationSession session, RunWork work, RunCopyOutcome outcome, CancellationToken cancellationToken)
    {
        var sourceId = work.Source.Info.RunId;
        var targetId = work.Target?.Info.RunId;
        var keysOnTarget = (work.Target?.Data.Metrics ?? []).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in work.Source.Data.Metrics.Select(m => m.Key).Distinct(StringComparer.Ordinal))
        {
            var source = await session.Retry.ReplaySafeAsync(ct => session.Source.GetMetricHistoryAsync(sourceId, key, ct), cancellationToken);
            var target = targetId is not null && keysOnTarget.Contains(key)
                ? await session.Retry.ReplaySafeAsync(ct => session.Target.GetMetricHistoryAsync(targetId, key, ct), cancellationToken)
                : [];
            var missing = MetricHistoryDiff.Missing(source, target);
            session.Counters.AddPointsPlanned(missing.Count);
            if (session.DryRun)
            {
                continue;
            }

            foreach (var batch in LogBatchPlanner.Metrics(missing))
            {
                // A file-store target would keep a replayed point twice, so a batch that may have been applied is not
                // sent again here: the run's next attempt compares the histories afresh.
                await session.Retry.OnceAsync(ct => session.Target.LogBatchAsync(targetId!, batch, ct), cancellationToken);
                session.Counters.AddPointsCopied(batch.Metrics.Count);
            }

            var copied = missing.Count == 0
                ? target
                : await session.Retry.ReplaySafeAsync(ct => session.Target.GetMetricHistoryAsync(targetId!, key, ct), cancellationToken);
            if (MetricHistoryDiff.Difference(key, source, copied) is { } difference)
            {
                outcome.Difference($"{work.Describe()}: {difference}");
            }
        }

        outcome.HistoriesCompared = !session.DryRun;
    }
}
