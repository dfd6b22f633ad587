using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>What a migration found on both sides before it copies anything.</summary>
internal sealed record MigrationPlan(
    IReadOnlyList<ExperimentPair> Experiments,
    IReadOnlyList<RunWork> Runs,
    int SourceExperimentsDeleted,
    int SourceRunsDeleted);

/// <summary>
/// Pairs source experiments with the target's (the Default experiment, id 0, with the target's id 0; the others
/// by name, since names are unique on a server), makes the missing ones, and sorts every active source run into
/// new, to resume, unchanged or skipped by the copy the target holds of it.
/// </summary>
internal static class MigrationPlanner
{
    public const string DefaultExperimentId = "0";

    public static async Task<MigrationPlan> PlanAsync(MigrationSession session, CancellationToken cancellationToken)
    {
        var source = await ServerListing.ExperimentsAsync(session.Source, session.Retry, MlflowViewType.ActiveOnly, cancellationToken);
        var sourceDeleted = await ServerListing.ExperimentsAsync(session.Source, session.Retry, MlflowViewType.DeletedOnly, cancellationToken);
        var selected = Select(session, source);
        var target = await ServerListing.ExperimentsAsync(session.Target, session.Retry, MlflowViewType.All, cancellationToken);
        var targetByName = target.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var targetDefault = target.FirstOrDefault(e => e.ExperimentId == DefaultExperimentId);

        var pairs = new List<ExperimentPair>();
        foreach (var experiment in selected)
        {
            var counterpart = experiment.ExperimentId == DefaultExperimentId ? targetDefault : targetByName.GetValueOrDefault(experiment.Name);
            var pair = new ExperimentPair { Source = experiment, Target = counterpart };
            if (counterpart is null)
            {
                pair.Action = ExperimentAction.Create;
            }
            else if (counterpart.LifecycleStage != MlflowLifecycleStage.Active)
            {
                pair.Action = ExperimentAction.Skip;
                session.Report(MigrationIssueKind.ExperimentDeletedOnTarget, ExperimentCopier.DeletedOnTarget(pair, counterpart));
            }
            else
            {
                pair.Action = ExperimentAction.Merge;
            }

            await ExperimentCopier.PrepareAsync(session, pair, cancellationToken);
            pairs.Add(pair);
        }

        var runs = new List<RunWork>();
        var sourceRunsDeleted = 0;
        foreach (var pair in pairs)
        {
            var sourceRuns = await ServerListing.RunsAsync(session.Source, session.Retry, pair.Source.ExperimentId, MlflowViewType.All, cancellationToken);
            sourceRunsDeleted += sourceRuns.Count(r => r.Info.LifecycleStage != MlflowLifecycleStage.Active);
            var copies = pair.Target is null || pair.Action == ExperimentAction.Skip
                ? new Dictionary<string, MlflowRun>()
                : CopiesBySource(await ServerListing.RunsAsync(session.Target, session.Retry, pair.Target.ExperimentId, MlflowViewType.All, cancellationToken));
            foreach (var run in sourceRuns.Where(r => r.Info.LifecycleStage == MlflowLifecycleStage.Active))
            {
                runs.Add(Classify(session, pair, run, copies.GetValueOrDefault(run.Info.RunId)));
            }
        }

        return new MigrationPlan(pairs, runs, sourceDeleted.Count, sourceRunsDeleted);
    }

    private static IReadOnlyList<MlflowExperiment> Select(MigrationSession session, IReadOnlyList<MlflowExperiment> source)
    {
        var names = session.Options.ExperimentNames;
        if (names.Count == 0)
        {
            return source;
        }

        foreach (var missing in names.Where(n => source.All(e => e.Name != n)))
        {
            session.Report(MigrationIssueKind.ExperimentNotFound, $"no active experiment named '{missing}' on the source {session.Source.BaseUrl}");
        }

        return source.Where(e => names.Contains(e.Name, StringComparer.Ordinal)).ToList();
    }

    /// <summary>The target's copies by source run id; of two copies of one run (two Migrates at once), the active, marked one.</summary>
    private static Dictionary<string, MlflowRun> CopiesBySource(IReadOnlyList<MlflowRun> targetRuns) =>
        targetRuns
            .Select(r => (Run: r, SourceId: MigrationTags.Value(r.Data.Tags, MigrationTags.SourceRunId)))
            .Where(x => !string.IsNullOrEmpty(x.SourceId))
            .GroupBy(x => x.SourceId!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(x => x.Run.Info.LifecycleStage == MlflowLifecycleStage.Active ? 0 : 1)
                    .ThenBy(x => MigrationTags.Value(x.Run.Data.Tags, MigrationTags.CopyMark) is null ? 1 : 0)
                    .First().Run,
                StringComparer.Ordinal);

    private static RunWork Classify(MigrationSession session, ExperimentPair pair, MlflowRun source, MlflowRun? copy)
    {
        var work = new RunWork { Experiment = pair, Source = source, Target = copy };
        if (pair.Action == ExperimentAction.Skip)
        {
            work.Kind = RunWorkKind.Skipped;
        }
        else if (copy is null)
        {
            work.Kind = RunWorkKind.New;
        }
        else if (copy.Info.LifecycleStage != MlflowLifecycleStage.Active)
        {
            work.Kind = RunWorkKind.Skipped;
            session.Report(
                MigrationIssueKind.RunCopyDeletedOnTarget,
                $"{work.Describe()}: the copy is deleted on the target and is not made again; restore it (mlflow runs restore --run-id {copy.Info.RunId}) to complete it");
        }
        else
        {
            var mark = MigrationTags.Value(copy.Data.Tags, MigrationTags.CopyMark);
            work.Kind = mark == RunFingerprint.Of(source) && !session.Options.Recheck ? RunWorkKind.Unchanged : RunWorkKind.Resume;
        }

        return work;
    }
}
