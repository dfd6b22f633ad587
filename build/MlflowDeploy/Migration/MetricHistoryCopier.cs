using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Every metric's full history. The source's points the copy lacks are gathered across a run's metrics and
/// logged 1,000 to a request (a run of ten short metrics takes one request, not ten), then each history is read
/// back from the target and compared point by point. Histories are held a group at a time, up to
/// <see cref="PointsHeld"/> points, so a run with huge histories does not fill memory. A resumed copy gets only the
/// points it lacks, so nothing is logged twice.
/// </summary>
internal static class MetricHistoryCopier
{
    public const int PointsHeld = 50_000;

    public static async Task CopyAsync(MigrationSession session, RunWork work, RunCopyOutcome outcome, CancellationToken cancellationToken)
    {
        var keysOnTarget = (work.Target?.Data.Metrics ?? []).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var group = new List<(string Key, IReadOnlyList<MlflowMetric> Source, IReadOnlyList<MlflowMetric> Target)>();
        var missing = new List<MlflowMetric>();
        var held = 0;
        foreach (var key in work.Source.Data.Metrics.Select(m => m.Key).Distinct(StringComparer.Ordinal))
        {
            var source = await session.Retry.ReplaySafeAsync(ct => session.Source.GetMetricHistoryAsync(work.Source.Info.RunId, key, ct), cancellationToken);
            var target = work.Target is { } copy && keysOnTarget.Contains(key)
                ? await session.Retry.ReplaySafeAsync(ct => session.Target.GetMetricHistoryAsync(copy.Info.RunId, key, ct), cancellationToken)
                : [];
            var lacking = MetricHistoryDiff.Missing(source, target);
            session.Counters.AddPointsPlanned(lacking.Count);
            if (session.DryRun)
            {
                continue;
            }

            group.Add((key, source, target));
            missing.AddRange(lacking);
            held += source.Count + target.Count;
            if (held >= PointsHeld)
            {
                await FlushAsync(session, work, group, missing, outcome, cancellationToken);
                held = 0;
            }
        }

        if (group.Count > 0)
        {
            await FlushAsync(session, work, group, missing, outcome, cancellationToken);
        }

        outcome.HistoriesCompared = !session.DryRun;
    }

    private static async Task FlushAsync(
        MigrationSession session,
        RunWork work,
        List<(string Key, IReadOnlyList<MlflowMetric> Source, IReadOnlyList<MlflowMetric> Target)> group,
        List<MlflowMetric> missing,
        RunCopyOutcome outcome,
        CancellationToken cancellationToken)
    {
        var targetId = work.Target!.Info.RunId;
        foreach (var batch in LogBatchPlanner.Metrics(missing))
        {
            // A file-store target would keep a replayed point twice, so a batch that may have been applied is not
            // sent again here: the run's next attempt compares the histories afresh.
            await session.Retry.OnceAsync(ct => session.Target.LogBatchAsync(targetId, batch, ct), cancellationToken);
            session.Counters.AddPointsCopied(batch.Metrics.Count);
        }

        var changed = missing.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, source, target) in group)
        {
            var copied = changed.Contains(key)
                ? await session.Retry.ReplaySafeAsync(ct => session.Target.GetMetricHistoryAsync(targetId, key, ct), cancellationToken)
                : target;
            if (MetricHistoryDiff.Difference(key, source, copied) is { } difference)
            {
                outcome.Difference($"{work.Describe()}: {difference}");
            }
        }

        group.Clear();
        missing.Clear();
    }
}
