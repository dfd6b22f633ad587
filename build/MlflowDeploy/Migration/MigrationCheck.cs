using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// The closing check, on fresh listings of both sides: every experiment holds as many active copies as the
/// source has active runs, and every copy believed complete has its source's params, the same latest value of
/// each metric, and a copy mark equal to its source's fingerprint now. Point-by-point history comparison
/// happened as each run was copied; a run left unchanged was compared through its fingerprint.
/// </summary>
internal static class MigrationCheck
{
    public static async Task<MigrationCheckResult> RunAsync(MigrationSession session, MigrationPlan plan, CancellationToken cancellationToken)
    {
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var pair in plan.Experiments.Where(p => p.Action != ExperimentAction.Skip && p.Target is not null))
        {
            var sourceRuns = await ServerListing.RunsAsync(session.Source, session.Retry, pair.Source.ExperimentId, MlflowViewType.ActiveOnly, cancellationToken);
            var targetRuns = await ServerListing.RunsAsync(session.Target, session.Retry, pair.Target!.ExperimentId, MlflowViewType.ActiveOnly, cancellationToken);
            var copies = targetRuns
                .Select(r => (Run: r, SourceId: MigrationTags.Value(r.Data.Tags, MigrationTags.SourceRunId)))
                .Where(x => x.SourceId is not null)
                .ToLookup(x => x.SourceId!, x => x.Run, StringComparer.Ordinal);
            var believed = plan.Runs.Where(r => r.Experiment == pair && r.Faithful).Select(r => r.Source.Info.RunId).ToHashSet(StringComparer.Ordinal);

            var copied = sourceRuns.Count(r => copies[r.Info.RunId].Any());
            if (copied != sourceRuns.Count)
            {
                mismatches.Add($"{pair.Describe()}: {sourceRuns.Count} active runs on the source, {copied} of them copied to the target's experiment {pair.Target.ExperimentId}");
            }

            foreach (var run in sourceRuns)
            {
                var copiesOfRun = copies[run.Info.RunId].ToList();
                if (copiesOfRun.Count > 1)
                {
                    mismatches.Add($"{pair.Describe()}: run {run.Info.RunId} has {copiesOfRun.Count} copies on the target ({string.Join(", ", copiesOfRun.Select(c => c.Info.RunId))})");
                }

                if (!believed.Contains(run.Info.RunId) || copiesOfRun.Count == 0)
                {
                    continue;
                }

                compared++;
                foreach (var difference in Compare(run, copiesOfRun[0]))
                {
                    mismatches.Add($"{pair.Describe()}: run '{run.Info.RunName}' ({run.Info.RunId} → {copiesOfRun[0].Info.RunId}): {difference}");
                }
            }
        }

        return new MigrationCheckResult { RunsCompared = compared, HistoriesCompared = session.Counters.HistoriesCompared, Mismatches = mismatches };
    }

    private static IEnumerable<string> Compare(MlflowRun source, MlflowRun copy)
    {
        var parameters = copy.Data.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var missingParams = source.Data.Params.Where(p => !parameters.TryGetValue(p.Key, out var v) || v != p.Value).Select(p => p.Key).ToList();
        if (missingParams.Count > 0 || parameters.Count != source.Data.Params.Count)
        {
            yield return $"params differ ({source.Data.Params.Count} on the source, {parameters.Count} on the target; first: {missingParams.FirstOrDefault() ?? "an extra one"})";
        }

        var latest = copy.Data.Metrics.ToDictionary(m => m.Key, MetricPointKey.Of, StringComparer.Ordinal);
        foreach (var metric in source.Data.Metrics)
        {
            if (!latest.TryGetValue(metric.Key, out var point) || point != MetricPointKey.Of(metric))
            {
                yield return $"metric '{metric.Key}' has another latest value on the target";
            }
        }

        if (latest.Count != source.Data.Metrics.Count)
        {
            yield return $"{source.Data.Metrics.Count} metrics on the source, {latest.Count} on the target";
        }

        if (MigrationTags.Value(copy.Data.Tags, MigrationTags.CopyMark) != RunFingerprint.Of(source))
        {
            yield return "the copy mark does not match the source run now (it changed during the migration, or the mark was not set)";
        }
    }
}
